import type { CliCommand } from '../command.ts';

/** A sub-command as listed in `dte --help`; its module is loaded only when it runs. */
export interface CommandEntry {
  name: string;
  /** One line for `dte --help`. */
  summary: string;
  load(): Promise<CliCommand>;
}

/** All `dte` sub-commands, in help order. Later issues add `var`, `liquidations`, `cascade` here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'price',
    summary: 'Black-76 price and greeks of a JSON array of options (stdin -> stdout JSON)',
    load: async () => (await import('./price.ts')).priceCommand,
  },
  {
    name: 'iv',
    summary: 'Implied volatility of a JSON array of option prices (stdin -> stdout JSON)',
    load: async () => (await import('./iv.ts')).ivCommand,
  },
  {
    name: 'exposure',
    summary: 'Per-position and aggregated token exposures of a portfolio document',
    load: async () => (await import('./exposure.ts')).exposureCommand,
  },
  {
    name: 'scenarios',
    summary: 'Spot x vol P&L grid, historical stress scenarios and user shocks (full revaluation)',
    load: async () => (await import('./scenarios.ts')).scenariosCommand,
  },
  {
    name: 'hedge',
    summary: 'Delta-hedge trade per underlying in a chosen perp/future/spot, with residuals',
    load: async () => (await import('./hedge.ts')).hedgeCommand,
  },
  {
    name: 'liquidations',
    summary:
      'Liquidation price and distance per position: perps (cross/isolated, brackets), lending HF triggers',
    load: async () => (await import('./liquidations.ts')).liquidationsCommand,
  },
  {
    name: 'cascade',
    summary: 'Inter-protocol liquidation cascade of a scenario: rounds, prices, volumes, bad debt, fund',
    load: async () => (await import('./cascade.ts')).cascadeCommand,
  },
  {
    name: 'var',
    summary: 'Value at Risk / Expected Shortfall: Monte Carlo, historical, delta-normal, delta-gamma',
    load: async () => (await import('./var.ts')).varCommand,
  },
  {
    name: 'backtest',
    summary: 'Rolling 1-day VaR backtest on real daily closes: exceptions, Kupiec, Christoffersen',
    load: async () => (await import('./backtest.ts')).backtestCommand,
  },
];

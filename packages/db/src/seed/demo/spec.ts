/**
 * Who and what the demo contains: two funds, their people and roles, and their venue accounts.
 * Natural keys: fund slug, user email, account (fund, name). See docs/demo-data.md.
 */
import type { AccountKind, MarginMode, Role } from '../../generated/prisma/enums.ts';

/**
 * The one password of every demo user (documented in docs/demo-data.md). Demo only: never seed
 * these users into a deployment reachable by anyone else.
 */
export const DEMO_PASSWORD = 'dte-demo-2025';

/** A demo fund. `positions` is how many derivative/spot positions the generator makes for it. */
export interface DemoFundSpec {
  slug: string;
  name: string;
  positions: number;
  /** Size factor for balances and limit thresholds (Aurora = 1). */
  scale: number;
  /** Aave v3 plan: supplies in tokens (reserve symbols), borrow split, target health factor. */
  lending: {
    supplies: readonly { symbol: string; quantity: number; usedAsCollateral?: boolean }[];
    borrowShares: readonly { symbol: string; share: number }[];
    targetHealthFactor: number;
  };
}

export const DEMO_FUNDS: readonly DemoFundSpec[] = [
  {
    slug: 'aurora',
    name: 'Aurora Capital',
    positions: 155,
    scale: 1,
    lending: {
      supplies: [
        { symbol: 'WETH', quantity: 4000 },
        { symbol: 'WBTC', quantity: 120 },
      ],
      borrowShares: [
        { symbol: 'USDC', share: 0.55 },
        { symbol: 'USDT', share: 0.45 },
      ],
      targetHealthFactor: 1.65,
    },
  },
  {
    slug: 'borealis',
    name: 'Borealis Partners',
    positions: 145,
    scale: 0.6,
    lending: {
      supplies: [
        { symbol: 'WETH', quantity: 2500 },
        { symbol: 'LINK', quantity: 150_000 },
        { symbol: 'AAVE', quantity: 8000 },
        { symbol: 'USDC', quantity: 500_000, usedAsCollateral: false },
      ],
      borrowShares: [
        { symbol: 'USDT', share: 0.7 },
        { symbol: 'WBTC', share: 0.3 },
      ],
      targetHealthFactor: 1.35,
    },
  },
];

/** A demo user and their role per fund slug. */
export interface DemoUserSpec {
  email: string;
  name: string;
  roles: Readonly<Record<string, Role>>;
}

export const DEMO_USERS: readonly DemoUserSpec[] = [
  { email: 'olivia.owner@aurora.example', name: 'Olivia Owner', roles: { aurora: 'OWNER' } },
  { email: 'rafael.risk@aurora.example', name: 'Rafael Risk', roles: { aurora: 'RISK_MANAGER' } },
  { email: 'ana.analyst@aurora.example', name: 'Ana Analyst', roles: { aurora: 'ANALYST' } },
  { email: 'victor.viewer@aurora.example', name: 'Victor Viewer', roles: { aurora: 'VIEWER' } },
  { email: 'bianca.owner@borealis.example', name: 'Bianca Owner', roles: { borealis: 'OWNER' } },
  { email: 'marco.risk@borealis.example', name: 'Marco Risk', roles: { borealis: 'RISK_MANAGER' } },
  { email: 'nina.analyst@borealis.example', name: 'Nina Analyst', roles: { borealis: 'ANALYST' } },
  { email: 'theo.viewer@borealis.example', name: 'Theo Viewer', roles: { borealis: 'VIEWER' } },
  {
    email: 'sam.shared@dte.example',
    name: 'Sam Shared',
    roles: { aurora: 'RISK_MANAGER', borealis: 'ANALYST' },
  },
];

/** Instrument venues an account trades (catalog `venue` values; custom instruments use theirs too). */
export interface DemoAccountSpec {
  name: string;
  venue: string;
  kind: AccountKind;
  marginMode: MarginMode;
  parent?: string;
  externalRef?: string;
  /** Catalog venues whose instruments this account may hold. */
  trades: readonly string[];
}

const COMMON_ACCOUNTS: readonly DemoAccountSpec[] = [
  { name: 'deribit-main', venue: 'Deribit', kind: 'EXCHANGE', marginMode: 'CROSS', trades: ['Deribit'] },
  {
    name: 'deribit-hedge',
    venue: 'Deribit',
    kind: 'SUB_ACCOUNT',
    marginMode: 'CROSS',
    parent: 'deribit-main',
    trades: ['Deribit'],
  },
  {
    name: 'binance-usdm',
    venue: 'Binance USD-M',
    kind: 'EXCHANGE',
    marginMode: 'CROSS',
    trades: ['Binance USD-M'],
  },
  {
    name: 'binance-usdm-iso',
    venue: 'Binance USD-M',
    kind: 'SUB_ACCOUNT',
    marginMode: 'ISOLATED',
    parent: 'binance-usdm',
    trades: ['Binance USD-M'],
  },
  {
    name: 'binance-coinm',
    venue: 'Binance COIN-M',
    kind: 'EXCHANGE',
    marginMode: 'CROSS',
    trades: ['Binance COIN-M'],
  },
  { name: 'okx-main', venue: 'OKX', kind: 'EXCHANGE', marginMode: 'CROSS', trades: ['OKX'] },
  { name: 'bybit-main', venue: 'Bybit', kind: 'EXCHANGE', marginMode: 'CROSS', trades: ['Bybit'] },
  { name: 'bitmex-main', venue: 'BitMEX', kind: 'EXCHANGE', marginMode: 'CROSS', trades: ['BitMEX'] },
  {
    name: 'cme-via-broker',
    venue: 'CME',
    kind: 'EXCHANGE',
    marginMode: 'CROSS',
    externalRef: 'FCM: Demo Clearing LLC (fictitious)',
    trades: ['CME'],
  },
  {
    name: 'aave-wallet',
    venue: 'Aave v3 Ethereum',
    kind: 'PROTOCOL',
    marginMode: 'CROSS',
    externalRef: '0x000000000000000000000000000000000000dEaD (placeholder address)',
    trades: [],
  },
  { name: 'cold-storage', venue: 'Cold storage', kind: 'WALLET', marginMode: 'CROSS', trades: ['Spot'] },
];

/** Accounts per fund slug (both funds use the same layout; names are unique within a fund). */
export function demoAccounts(_slug: string): readonly DemoAccountSpec[] {
  return COMMON_ACCOUNTS;
}

/** Fund-private leveraged tokens (custom instruments, fund_id set), modelled on exchange 3x tokens. */
export const DEMO_LEVERAGED_TOKENS = [
  { symbol: 'BTC3L', underlying: 'BTC', targetLeverage: 3, nav: 1.8421 },
  { symbol: 'BTC3S', underlying: 'BTC', targetLeverage: -3, nav: 0.0421 },
  { symbol: 'ETH3L', underlying: 'ETH', targetLeverage: 3, nav: 0.3114 },
  { symbol: 'ETH3S', underlying: 'ETH', targetLeverage: -3, nav: 0.5127 },
] as const;

/** Venue of the custom leveraged tokens (held in `bybit-main`). */
export const LEVERAGED_TOKEN_VENUE = 'Bybit';

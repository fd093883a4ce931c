import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import { parseMarginSpec } from './parse-margin.ts';
import { portfolioLiquidations } from './portfolio-liquidations.ts';

/** Venues publish liquidation prices to the cent. */
const CENT = 0.005;

const example = () =>
  JSON.parse(readFileSync(new URL('../../examples/liquidations.json', import.meta.url), 'utf8')) as {
    positions: Record<string, unknown>[];
    margin?: unknown;
  } & Record<string, unknown>;

function run(raw: unknown) {
  const doc = parsePortfolio(raw);
  return portfolioLiquidations(doc, parseMarginSpec(raw, doc));
}

const byId = (raw: unknown) => new Map(run(raw).positions.map((p) => [p.id, p]));

describe('portfolioLiquidations on examples/liquidations.json', () => {
  it('the Binance FAQ cross-margin example from a document: 26,316.89 and 1,153.26', () => {
    // Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" worked example
    // (wallet 1,535,443.01 USDT; see liquidation-move.test.ts for the inputs).
    const r = byId(example());
    expect(Math.abs((r.get('btcusdt')?.liquidationPrice as number) - 26_316.89)).toBeLessThan(CENT);
    expect(Math.abs((r.get('ethusdt')?.liquidationPrice as number) - 1_153.26)).toBeLessThan(CENT);
    const btc = r.get('btcusdt');
    expect(btc?.margin?.mode).toBe('cross');
    expect(btc?.margin?.maintenanceMarginRate).toBe(0.025);
    // Distance = liq / mark - 1 and liq - mark.
    expect(btc?.distance?.pct).toBeCloseTo(26_316.893264518858 / 31_967.27 - 1, 12);
    expect(btc?.distance?.usd).toBeCloseTo(26_316.893264518858 - 31_967.27, 8);
  });

  it('isolated inverse short: coin equity W + Q (1/P - 1/E) = (Q / E) MMR at P = Q / (Q/E + Q/E MMR - W)', () => {
    const r = byId(example()).get('btcusd-inverse-short');
    const q = 60_000;
    const e = 33_000;
    const expected = q / (q / e + (q / e) * 0.005 - 0.2);
    expect(r?.liquidationPrice).toBeCloseTo(expected, 6);
    expect(r?.distance?.direction).toBe('up');
    expect(r?.margin?.bankruptcyPrice).toBeCloseTo(q / (q / e - 0.2), 6);
  });

  it('lending: trigger 800,000 / (1,000 x 0.83); at the trigger 50% is repaid with a 5% bonus', () => {
    const r = byId(example()).get('aave-eth');
    expect(r?.liquidationPrice).toBeCloseTo(800_000 / 830, 9);
    expect(r?.lending?.atTrigger?.closeFactor).toBe(0.5);
    expect(r?.lending?.atTrigger?.debtRepaidUsd).toBeCloseTo(400_000, 6);
    expect(r?.lending?.atTrigger?.bonusUsd).toBeCloseTo(20_000, 3);
    // HF' = 1 + r (1 - LT x bonus) / (B - r) with r = B / 2.
    expect(r?.lending?.atTrigger?.healthFactorAfter).toBeCloseTo(1 + (1 - 0.83 * 1.05), 6);
  });

  it('positions without a liquidation report null with a reason', () => {
    const r = byId(example());
    for (const id of ['usdt-wallet', 'cold-btc', 'eth3l', 'btc-call', 'okx-eth-perp']) {
      expect(r.get(id)?.liquidationPrice).toBeNull();
      expect(r.get(id)?.reason).toBeTruthy();
    }
    expect(r.get('okx-eth-perp')?.reason).toContain('maintenanceMarginRate');
    expect(r.get('eth3l')?.reason).toContain('-33.3%');
  });

  it('a lending account without debt is fully collateralised', () => {
    const raw = example();
    raw.positions = [
      {
        id: 'l',
        account: 'a',
        kind: 'lending',
        supplies: [{ token: 'ETH', amount: 1, liquidationThreshold: 0.8 }],
      },
    ];
    const [p] = run(raw).positions;
    expect(p?.liquidationPrice).toBeNull();
    expect(p?.reason).toContain('fully collateralised');
  });

  it('invalid margin fields: RiskInputError naming the position, field and value', () => {
    const raw = example();
    (raw.positions[2] as Record<string, unknown>).marginTiers = [{ maintenanceMarginRate: -0.1 }];
    expect(() => run(raw)).toThrow(RiskInputError);
    expect(() => run(raw)).toThrow(
      /positions\[2\]\.marginTiers\[0\]\.maintenanceMarginRate: position "ethusdt".*-0\.1/,
    );
    const bad = example();
    bad.margin = { accounts: { 'binance-um': { mode: 'portfolio' } } };
    expect(() => run(bad)).toThrow(/margin\.accounts\.binance-um\.mode: .*"portfolio"/);
    const bonus = example();
    (bonus.positions[4] as { supplies: Record<string, unknown>[] }).supplies[0] = {
      token: 'ETH',
      amount: 1,
      liquidationThreshold: 0.8,
      liquidationBonus: 0.9,
    };
    expect(() => run(bonus)).toThrow(
      /positions\[4\]\.supplies\[0\]\.liquidationBonus: position "aave-eth".*0\.9/,
    );
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import committed from '../../data/stress-scenarios.json' with { type: 'json' };
import { deriveStressScenarios } from './derive-stress.ts';
import { parseDailyCloses } from './prices-csv.ts';
import { STRESS_WINDOWS } from './stress-windows.ts';

const CSV = '/work/shared/data/prices-daily.csv';
/** The data README's table rounds returns to 0.1%: half a unit of its last digit. */
const TABLE_ROUNDING = 0.0005 + 1e-12;

describe('deriveStressScenarios (synthetic closes)', () => {
  const rows = [
    { date: '2024-01-01', token: 'AAA', close: 100 },
    { date: '2024-01-02', token: 'AAA', close: 80 },
    { date: '2024-01-03', token: 'AAA', close: 60 },
    { date: '2024-01-02', token: 'BBB', close: 10 },
    { date: '2024-01-03', token: 'BBB', close: 5 },
  ];

  it('computes close-to-close and daily returns; lists tokens lacking a close', () => {
    const [s] = deriveStressScenarios(rows, [
      { name: 'x', title: 'x', from: '2024-01-01', to: '2024-01-03' },
    ]);
    expect(s?.dates).toEqual(['2024-01-02', '2024-01-03']);
    expect(s?.returns.AAA).toBeCloseTo(-0.4, 15);
    expect(s?.dailyReturns.AAA?.[0]).toBeCloseTo(-0.2, 15);
    expect(s?.dailyReturns.AAA?.[1]).toBeCloseTo(-0.25, 15);
    expect(s?.missing).toEqual(['BBB']);
  });

  it('rejects an empty window', () => {
    expect(() =>
      deriveStressScenarios(rows, [{ name: 'x', title: 'x', from: '2024-01-02', to: '2024-01-02' }]),
    ).toThrow(/x\.to/);
  });

  it('rejects a malformed CSV naming the line', () => {
    expect(() => parseDailyCloses('date,token,close_usd\n2024-01-01,BTC,abc\n')).toThrow(/^line 2: /);
    expect(() => parseDailyCloses('a,b,c\n')).toThrow(/^line 1: /);
  });
});

describe.skipIf(!existsSync(CSV))('stress scenarios from the real daily closes', () => {
  const derived = deriveStressScenarios(parseDailyCloses(readFileSync(CSV, 'utf8')), STRESS_WINDOWS);
  const byName = (n: string) => derived.find((s) => s.name === n);

  // Values from /work/shared/data/README.md, "Large real moves present for stress tests".
  it.each([
    ['covid-2020-03-12', 'BTC', -0.372],
    ['covid-2020-03-12', 'ETH', -0.423],
    ['covid-2020-03-12', 'LINK', -0.459],
    ['crash-2021-05-19', 'BTC', -0.138],
    ['crash-2021-05-19', 'SOL', -0.372],
    ['celsius-2022-06-13', 'BTC', -0.16],
    ['celsius-2022-06-13', 'AAVE', -0.164],
  ])('%s %s matches the README table (%f)', (name, token, expected) => {
    expect(Math.abs((byName(name)?.returns[token] ?? Number.NaN) - expected)).toBeLessThanOrEqual(
      TABLE_ROUNDING,
    );
  });

  it('multi-day windows compound the README daily moves (FTX 8 and 9 Nov; LUNA 9 and 11 May)', () => {
    const ftx = byName('ftx-2022-11');
    expect(ftx?.dates).toEqual(['2022-11-08', '2022-11-09']);
    expect(Math.abs((ftx?.dailyReturns.BTC?.[0] ?? 0) - -0.1)).toBeLessThanOrEqual(TABLE_ROUNDING);
    expect(Math.abs((ftx?.dailyReturns.SOL?.[1] ?? 0) - -0.423)).toBeLessThanOrEqual(TABLE_ROUNDING);
    const luna = byName('luna-2022-05');
    expect(
      Math.abs((luna?.dailyReturns.ETH?.[luna.dates.indexOf('2022-05-11')] ?? 0) - -0.116),
    ).toBeLessThanOrEqual(TABLE_ROUNDING);
    // contract-specs.md: "May 2022 (LUNA): BTC about -28%, ETH about -33% over the week".
    expect(luna?.returns.BTC).toBeGreaterThan(-0.3);
    expect(luna?.returns.BTC).toBeLessThan(-0.25);
    expect(luna?.returns.ETH).toBeCloseTo(-0.333, 2);
  });

  it('tokens not yet listed on 12 Mar 2020 are missing (README: n/a)', () => {
    expect(byName('covid-2020-03-12')?.missing).toEqual(['AAVE', 'AVAX', 'SOL']);
  });

  it('the committed data/stress-scenarios.json equals a fresh derivation', () => {
    expect(committed.scenarios).toEqual(JSON.parse(JSON.stringify(derived)));
  });
});

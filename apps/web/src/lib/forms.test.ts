import { describe, expect, it } from 'vitest';
import { readCascadeForm } from './cascade-form.ts';
import { parsePercentList } from './percent-list.ts';
import { parsePositionQuery, positionHref } from './position-query.ts';
import { atLeast, can, navFor } from './roles.ts';
import { byMagnitude, isTerminal, parseVarResult, readVarForm } from './var-result.ts';

const form = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('roles', () => {
  it('orders roles and gates capabilities', () => {
    expect(atLeast('OWNER', 'RISK_MANAGER')).toBe(true);
    expect(atLeast('ANALYST', 'RISK_MANAGER')).toBe(false);
    expect(atLeast(null, 'VIEWER')).toBe(false);
    expect(can('ANALYST', 'runAnalyses')).toBe(true);
    expect(can('VIEWER', 'runAnalyses')).toBe(false);
    expect(can('RISK_MANAGER', 'manageLimits')).toBe(true);
    expect(can('RISK_MANAGER', 'manageFund')).toBe(false);
  });
  it('hides Settings from everyone but owners', () => {
    expect(navFor('OWNER').map((i) => i.label)).toContain('Settings');
    for (const role of ['VIEWER', 'ANALYST', 'RISK_MANAGER'] as const)
      expect(navFor(role).map((i) => i.label)).not.toContain('Settings');
  });
});

describe('positions URL state', () => {
  it('reads search params with safe defaults and writes them back', () => {
    const q = parsePositionQuery({
      sort: 'QUANTITY',
      dir: 'DESC',
      underlying: ' eth ',
      kind: 'OPTION',
      closed: '1',
    });
    expect(q).toMatchObject({
      sort: 'QUANTITY',
      dir: 'DESC',
      underlying: 'ETH',
      kind: 'OPTION',
      closed: true,
    });
    expect(positionHref('/f/a/positions', q)).toBe(
      '/f/a/positions?sort=QUANTITY&dir=DESC&underlying=ETH&kind=OPTION&closed=1',
    );
    const bad = parsePositionQuery({
      sort: 'DROP TABLE',
      dir: 'sideways',
      kind: 'nope',
      underlying: ['btc', 'eth'],
    });
    expect(bad).toMatchObject({ sort: 'INSTRUMENT', dir: 'ASC', kind: undefined, underlying: 'BTC' });
    expect(positionHref('/f/a/positions', parsePositionQuery({}))).toBe('/f/a/positions');
  });
});

describe('percent lists', () => {
  it('turns percentages into fractions', () => {
    expect(parsePercentList('-16, -8 0 8%, 16')).toEqual({ ok: true, values: [-0.16, -0.08, 0, 0.08, 0.16] });
    expect(parsePercentList('')).toEqual({ ok: true, values: [] });
    expect(parsePercentList('5, x')).toEqual({ ok: false, message: '"x" is not a number' });
    expect(parsePercentList('1 2 3', 2)).toEqual({ ok: false, message: 'at most 2 values' });
  });
});

describe('VaR run form', () => {
  it('reads a Monte Carlo run with levels in percent', () => {
    const read = readVarForm(
      form({
        kind: 'MONTE_CARLO_VAR',
        confidences: '99, 97.5',
        horizonDays: '1',
        paths: '100,000',
        seed: '7',
        distribution: 'STUDENT_T',
        nu: '5',
        antithetic: 'on',
      }),
    );
    expect(read).toEqual({
      ok: true,
      kind: 'MONTE_CARLO_VAR',
      params: {
        confidences: [0.99, 0.975],
        horizonDays: 1,
        paths: 100000,
        seed: 7,
        distribution: 'STUDENT_T',
        nu: 5,
        antithetic: true,
      },
    });
  });
  it('leaves Monte Carlo fields out of historical runs and names bad fields', () => {
    expect(
      readVarForm(form({ kind: 'HISTORICAL_VAR', confidences: '0.95', paths: '5000', lookbackDays: '500' })),
    ).toEqual({
      ok: true,
      kind: 'HISTORICAL_VAR',
      params: { confidences: [0.95], lookbackDays: 500 },
    });
    expect(readVarForm(form({ kind: 'MONTE_CARLO_VAR', paths: '1.5' }))).toMatchObject({
      ok: false,
      field: 'paths',
    });
    expect(readVarForm(form({ confidences: '100' }))).toMatchObject({ ok: false, field: 'confidences' });
    expect(readVarForm(form({ distribution: 'NORMAL', nu: '5' }))).toMatchObject({
      ok: true,
      params: { distribution: 'NORMAL' },
    });
  });
  it('parses results defensively', () => {
    expect(parseVarResult(null)).toBeNull();
    expect(parseVarResult({ method: 'x' })).toBeNull();
    const result = parseVarResult({
      method: 'monte-carlo',
      horizonDays: 1,
      tokens: ['BTC'],
      accounts: ['a'],
      paths: 1000,
      levels: [
        {
          confidence: 0.99,
          var: 10,
          es: 12,
          stdErrVar: 1,
          contributions: {
            var: { byToken: { BTC: 10 }, byAccount: { a: 10 } },
            es: { byToken: { BTC: 12 }, byAccount: { a: 12 } },
          },
        },
      ],
      distribution: {
        meanPnl: 0,
        stdPnl: 5,
        lossHistogram: { edges: [0, 1], counts: [3], below: 0, above: 0 },
      },
    });
    expect(result?.levels[0]?.var).toBe(10);
    expect(byMagnitude({ a: 1, b: -5, c: 3 }).map((e) => e.label)).toEqual(['b', 'c', 'a']);
    expect(isTerminal('RUNNING')).toBe(false);
    expect(isTerminal('CANCELLED')).toBe(true);
  });
});

describe('cascade form', () => {
  it('builds the api input with the band in prices below spot', () => {
    const read = readCascadeForm({
      run: '1',
      token: 'eth',
      shock: '-20',
      notional: '1,000,000',
      from: '10',
      to: '30',
      model: 'LINEAR',
      depth: '5000000',
      fund: '1',
    });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.toInput(2000)).toEqual({
      shock: [{ token: 'ETH', move: -0.2 }],
      maxRounds: 50,
      includeFund: true,
      impact: [{ token: 'default', model: 'LINEAR', depthUsd: 5000000 }],
      perps: [
        {
          venue: 'Market',
          token: 'ETH',
          side: 'LONG',
          band: { from: 1800, to: 1400, count: 20, notionalUsd: 1000000 },
        },
      ],
    });
  });
  it('refuses bad values with a message and keeps the typed values', () => {
    const read = readCascadeForm({ run: '1', shock: '-150' });
    expect(read).toMatchObject({ ok: false, values: { shock: '-150' } });
    expect(readCascadeForm({ run: '1', from: '30', to: '10' })).toMatchObject({ ok: false });
    expect(readCascadeForm({})).toMatchObject({ ok: true, run: false, values: { includeFund: true } });
    expect(readCascadeForm({ run: '1' })).toMatchObject({ ok: true, values: { includeFund: false } });
  });
});

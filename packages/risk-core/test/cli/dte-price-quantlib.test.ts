import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadReference, type QuantLibCase } from '../reference/load.ts';

/**
 * The acceptance check, end to end: `pnpm --silent dte price < x.json` from the repository
 * root reproduces QuantLib 1.29 prices (test/reference/black76-quantlib.json, written by
 * quantlib_black76.py) to ~1e-10 relative to the forward, for every case of the fixture.
 */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Acceptance tolerance of the issue: price error relative to the forward. */
const PRICE_TOL_REL_FORWARD = 1e-10;
/** Greeks (delta per unit, gamma scaled by F, vega/theta relative to F) share the same tolerance. */
const GREEK_TOL = 1e-10;

describe('dte price vs QuantLib (spawned through pnpm)', { timeout: 120_000 }, () => {
  it('every fixture case within 1e-10 of the forward', () => {
    const { cases } = loadReference<{ cases: QuantLibCase[] }>('black76-quantlib.json');
    const input = cases.map(({ type, forward, strike, expiryYears, vol, rate }) => ({
      type,
      forward,
      strike,
      expiryYears,
      vol,
      rate,
    }));
    const r = spawnSync('pnpm', ['--silent', 'dte', 'price'], {
      cwd: ROOT,
      input: JSON.stringify(input),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { price: number; delta: number; gamma: number; vega: number }[];
    expect(out).toHaveLength(cases.length);
    let worst = 0;
    cases.forEach((c, i) => {
      const o = out[i];
      if (!o) throw new Error(`missing output ${i}`);
      worst = Math.max(worst, Math.abs(o.price - c.price) / c.forward);
      if (c.delta !== undefined) expect(Math.abs(o.delta - c.delta)).toBeLessThan(GREEK_TOL);
      if (c.gamma !== undefined) expect(Math.abs(o.gamma - c.gamma) * c.forward).toBeLessThan(GREEK_TOL);
      if (c.vega !== undefined) expect(Math.abs(o.vega - c.vega) / c.forward).toBeLessThan(GREEK_TOL);
    });
    expect(worst).toBeLessThan(PRICE_TOL_REL_FORWARD);
  });
});

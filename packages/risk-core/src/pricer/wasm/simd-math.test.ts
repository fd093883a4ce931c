import { describe, expect, it } from 'vitest';
import type { MpmathReference } from '../../../test/reference/load.ts';
import { loadReference, relErr } from '../../../test/reference/load.ts';
import { createBlack76Instance } from './instance.ts';

/*
 * The branch-free f64x2 elementary functions of the kernel (assembly/phases.ts) through its test hooks:
 * N(x) against mpmath at 60 digits (test/reference/mpmath-reference.json), e^x and ln x against V8's
 * Math.exp and Math.log (fdlibm, < 1 ulp).
 */

/** N(x) for x >= -37 relative to mpmath (the tail keeps full relative accuracy). Measured 5.6e-16. */
const SIMD_NORMAL_REL_TOL = 4e-15;
/** e^x on [-708, 709] and ln x on [1e-300, 1e300] vs Math.exp / Math.log, in units of 2^-52. */
const SIMD_EXP_LOG_EPS_TOL = 3;

const instance = createBlack76Instance(3 * 8 * 4096);
const k = instance.exports;
const xsAt = instance.heapBase;
const outAt = xsAt + 8 * 4096;

function apply(hook: 'normCdfBlock' | 'expBlock' | 'logBlock', xs: readonly number[]): Float64Array {
  const n = xs.length + (xs.length % 2);
  const input = new Float64Array(instance.memory.buffer, xsAt, n);
  input.set(xs);
  if (n > xs.length) input[n - 1] = xs[xs.length - 1] as number;
  k[hook](n, xsAt, outAt);
  return new Float64Array(instance.memory.buffer, outAt, xs.length).slice();
}

describe('SIMD elementary functions (assembly/phases.ts)', () => {
  it('N(x) matches mpmath to SIMD_NORMAL_REL_TOL down to x = -37, deep tail included', () => {
    const ref = loadReference<MpmathReference>('mpmath-reference.json').normal.filter((r) => r.x >= -37);
    expect(ref.length).toBeGreaterThan(300);
    const got = apply(
      'normCdfBlock',
      ref.map((r) => r.x),
    );
    let worst = 0;
    ref.forEach((r, i) => {
      worst = Math.max(worst, relErr(got[i] as number, r.cdf));
    });
    expect(worst).toBeLessThan(SIMD_NORMAL_REL_TOL);
    expect(apply('normCdfBlock', [-37])[0]).toBeGreaterThan(0);
  });

  it('N(x) is 0 / 1 beyond the double range and never NaN', () => {
    const got = apply('normCdfBlock', [-40, -1e300, 40, 1e300, 0]);
    expect([...got].slice(0, 4)).toEqual([0, 0, 1, 1]);
    expect(Math.abs((got[4] as number) - 0.5)).toBeLessThanOrEqual(Number.EPSILON / 2);
  });

  it('e^x and ln x agree with Math.exp / Math.log to SIMD_EXP_LOG_EPS_TOL eps', () => {
    const xs = Array.from({ length: 4000 }, (_, i) => -708 + (i * 1417) / 3999 + Math.sin(i) * 0.01);
    const e = apply('expBlock', xs);
    xs.forEach((x, i) => {
      expect(relErr(e[i] as number, Math.exp(x)) / Number.EPSILON).toBeLessThan(SIMD_EXP_LOG_EPS_TOL);
    });
    const qs = Array.from(
      { length: 4000 },
      (_, i) => 10 ** (-300 + (i * 600) / 3999) * (1 + 0.3 * Math.sin(i)),
    );
    const l = apply('logBlock', qs);
    qs.forEach((q, i) => {
      // absolute near q = 1 (ln q ~ 0), relative elsewhere
      const err = Math.abs((l[i] as number) - Math.log(q)) / Math.max(1, Math.abs(Math.log(q)));
      expect(err / Number.EPSILON).toBeLessThan(SIMD_EXP_LOG_EPS_TOL);
    });
  });
});

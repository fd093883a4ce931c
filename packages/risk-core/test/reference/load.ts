import { readFileSync } from 'node:fs';

/** Reads a JSON fixture of this folder (written by the Python generators next to it). */
export function loadReference<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
}

/** Rows of mpmath-reference.json (see mpmath_reference.py). */
export interface MpmathReference {
  readonly source: string;
  readonly normal: readonly { x: number; cdf: number; pdf: number }[];
  readonly quantiles: readonly { p: number; x: number }[];
  readonly erf: readonly { y: number; erf: number; erfc: number; erfcx?: number }[];
  readonly normalisedBlack: readonly { x: number; s: number; b: number; complement: number; cond: number }[];
  readonly exp: readonly { x: number; exp: number }[];
}

/** Rows of black76-quantlib.json (see quantlib_black76.py). */
export interface QuantLibCase {
  readonly type: 'call' | 'put';
  readonly forward: number;
  readonly strike: number;
  readonly expiryYears: number;
  readonly vol: number;
  readonly rate: number;
  readonly price: number;
  readonly delta?: number;
  readonly gamma?: number;
  readonly vega?: number;
  readonly theta?: number;
  readonly impliedVol?: number;
}

/** Relative error |a - b| / |b| (absolute when b = 0). */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

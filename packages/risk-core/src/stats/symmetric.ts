import { RiskInputError } from '../errors.ts';
import type { Matrix } from './matrix.ts';
import { requireSquare, zeros } from './matrix.ts';

/**
 * Checks that `a` is square, finite and symmetric within `tolerance` relative to the larger
 * diagonal scale, and returns its exact symmetrization (A + A^T)/2.
 * @throws RiskInputError `MALFORMED_DOCUMENT` (not square), `INVALID_NUMBER` naming `name[i][j]`
 *   (non-finite) or `OUT_OF_DOMAIN` naming `name[i][j]` (|a_ij - a_ji| too large).
 */
export function symmetrize(a: Matrix, name: string, tolerance = 1e-12): Matrix {
  const n = requireSquare(a, name);
  const out = zeros(n, n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    const v = a.data[i] as number;
    if (!Number.isFinite(v)) {
      throw new RiskInputError(
        'INVALID_NUMBER',
        `${name}[${Math.floor(i / n)}][${i % n}]`,
        v,
        'must be a finite number',
      );
    }
    scale = Math.max(scale, Math.abs(v));
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = a.data[i * n + j] as number;
      const y = a.data[j * n + i] as number;
      if (Math.abs(x - y) > tolerance * scale) {
        throw new RiskInputError(
          'OUT_OF_DOMAIN',
          `${name}[${i}][${j}]`,
          x,
          `matrix is not symmetric: ${name}[${j}][${i}] is ${y}`,
        );
      }
      const m = 0.5 * (x + y);
      out.data[i * n + j] = m;
      out.data[j * n + i] = m;
    }
  }
  return out;
}

/** Frobenius norm of a - b, and the largest absolute entry difference. */
export function difference(a: Matrix, b: Matrix): { frobenius: number; maxAbs: number } {
  let f = 0;
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs((a.data[i] as number) - (b.data[i] as number));
    f += d * d;
    if (d > m) m = d;
  }
  return { frobenius: Math.sqrt(f), maxAbs: m };
}

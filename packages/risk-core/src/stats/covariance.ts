import { RiskInputError } from '../errors.ts';
import type { Matrix } from './matrix.ts';
import { zeros } from './matrix.ts';

function checkObservations(x: Matrix, field: string): void {
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i] as number;
    if (!Number.isFinite(v)) {
      const r = Math.floor(i / x.cols);
      throw new RiskInputError(
        'INVALID_NUMBER',
        `${field}[${r}][${i % x.cols}]`,
        v,
        'must be a finite number',
      );
    }
  }
}

/**
 * Column means of a T x K observation matrix.
 * @throws RiskInputError `OUT_OF_DOMAIN` for T = 0, `INVALID_NUMBER` for a non-finite entry.
 */
export function columnMeans(x: Matrix): Float64Array {
  if (x.rows === 0)
    throw new RiskInputError('OUT_OF_DOMAIN', 'returns.rows', 0, 'need at least one observation');
  checkObservations(x, 'returns');
  const k = x.cols;
  const mean = new Float64Array(k);
  for (let t = 0; t < x.rows; t++) {
    for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) + (x.data[t * k + j] as number);
  }
  for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) / x.rows;
  return mean;
}

/**
 * Sample covariance of the columns of a T x K observation matrix (rows = dates, columns = tokens):
 * C_ij = sum_t (x_ti - m_i)(x_tj - m_j) / (T - ddof), two-pass (means first), as numpy.cov(x,
 * rowvar=False, ddof=ddof).
 * @param ddof delta degrees of freedom: 1 (default, unbiased) or 0 (maximum likelihood).
 * @throws RiskInputError `OUT_OF_DOMAIN` when T - ddof < 1, `INVALID_NUMBER` for a non-finite entry.
 */
export function sampleCovariance(x: Matrix, ddof = 1): Matrix {
  if (ddof !== 0 && ddof !== 1) throw new RiskInputError('OUT_OF_DOMAIN', 'ddof', ddof, 'must be 0 or 1');
  if (x.rows - ddof < 1) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'returns.rows',
      x.rows,
      `need at least ${ddof + 1} observations`,
    );
  }
  const mean = columnMeans(x);
  const k = x.cols;
  const c = zeros(k, k);
  const dev = new Float64Array(k);
  for (let t = 0; t < x.rows; t++) {
    for (let j = 0; j < k; j++) dev[j] = (x.data[t * k + j] as number) - (mean[j] as number);
    for (let i = 0; i < k; i++) {
      const di = dev[i] as number;
      for (let j = 0; j <= i; j++)
        c.data[i * k + j] = (c.data[i * k + j] as number) + di * (dev[j] as number);
    }
  }
  const denom = x.rows - ddof;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const v = (c.data[i * k + j] as number) / denom;
      c.data[i * k + j] = v;
      c.data[j * k + i] = v;
    }
  }
  return c;
}

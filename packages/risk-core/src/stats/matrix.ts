import { RiskInputError } from '../errors.ts';

/**
 * Dense real matrix, row-major: entry (i, j) is `data[i * cols + j]`. The stats functions never
 * mutate their inputs and return fresh matrices.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero matrix of the given shape. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * Builds a matrix from nested arrays (the JSON form, e.g. `market.covariance.daily`).
 * @param field name used in errors, e.g. `covariance.daily`; entries are reported as `field[i][j]`.
 * @throws RiskInputError `MALFORMED_DOCUMENT` for a ragged or empty array, `INVALID_NUMBER` for a
 *   non-finite entry (naming it).
 */
export function matrixFromRows(rows: readonly (readonly number[])[], field = 'matrix'): Matrix {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RiskInputError('MALFORMED_DOCUMENT', field, rows, 'must be a non-empty array of rows');
  }
  const first = rows[0];
  const cols = Array.isArray(first) ? first.length : 0;
  if (cols === 0)
    throw new RiskInputError('MALFORMED_DOCUMENT', `${field}[0]`, first, 'must be a non-empty row');
  const m = zeros(rows.length, cols);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `${field}[${i}]`,
        row,
        `must be a row of ${cols} numbers`,
      );
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RiskInputError('INVALID_NUMBER', `${field}[${i}][${j}]`, v, 'must be a finite number');
      }
      m.data[i * cols + j] = v;
    });
  });
  return m;
}

/** Nested-array copy of a matrix (for JSON output). */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Entry (i, j); no bounds check beyond the typed array's. */
export function entry(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j] as number;
}

/**
 * Checks that `m` is square.
 * @throws RiskInputError `MALFORMED_DOCUMENT` naming `field` when rows != cols.
 */
export function requireSquare(m: Matrix, field: string): number {
  if (m.rows !== m.cols) {
    throw new RiskInputError('MALFORMED_DOCUMENT', field, `${m.rows}x${m.cols}`, 'must be a square matrix');
  }
  return m.rows;
}

/** Product a * b. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'matrix',
      `${a.cols} vs ${b.rows}`,
      'inner dimensions differ',
    );
  }
  const out = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) {
        out.data[i * b.cols + j] =
          (out.data[i * b.cols + j] as number) + aik * (b.data[k * b.cols + j] as number);
      }
    }
  }
  return out;
}

/** Transpose. */
export function transpose(m: Matrix): Matrix {
  const out = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j] as number;
  }
  return out;
}

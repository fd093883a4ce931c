/** Number helpers for GraphQL `Float` fields, which cannot carry NaN or Infinity. */

/** `x` when finite, else null (e.g. a health factor without debt is +Infinity). */
export const finiteOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** A `{token: number}` record as a list of `{ token, value }`, in key order. */
export const tokenValues = (
  record: Readonly<Record<string, number | null>>,
): { token: string; value: number | null }[] =>
  Object.entries(record).map(([token, value]) => ({ token, value: finiteOrNull(value) }));

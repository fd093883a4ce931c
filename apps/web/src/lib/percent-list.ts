/**
 * Reads a comma/space separated list of percentages (`-10, 0, 10` or `-10%`) into fractions
 * (`-0.1, 0, 0.1`). Empty text is an empty list (the api's defaults apply).
 */
export function parsePercentList(
  text: string,
  max = 25,
): { ok: true; values: number[] } | { ok: false; message: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter(Boolean);
  if (parts.length > max) return { ok: false, message: `at most ${max} values` };
  const values: number[] = [];
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isFinite(value)) return { ok: false, message: `"${part}" is not a number` };
    values.push(Number((value / 100).toPrecision(12)));
  }
  return { ok: true, values: [...new Set(values)] };
}

/** A column: header and how to render a row's cell. Numbers are right-aligned. */
export interface Column<R> {
  header: string;
  cell: (row: R) => string | number | undefined;
  /** Decimals for numbers (default 2). */
  digits?: number;
}

/** Formats a number with thousands separators and `digits` decimals; `-` for undefined, `inf` for Infinity. */
export function formatNumber(v: number | undefined, digits = 2): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/** Renders rows as a plain-text table with a header and a rule. */
export function renderTable<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const cells = rows.map((r) =>
    columns.map((c) => {
      const v = c.cell(r);
      return typeof v === 'number'
        ? { text: formatNumber(v, c.digits), right: true }
        : { text: v ?? '-', right: false };
    }),
  );
  const widths = columns.map((c, j) =>
    Math.max(c.header.length, ...cells.map((row) => row[j]?.text.length ?? 0)),
  );
  const line = (parts: string[]) => parts.join('  ').trimEnd();
  const header = line(columns.map((c, j) => c.header.padEnd(widths[j] ?? 0)));
  const rule = line(widths.map((w) => '-'.repeat(w)));
  const body = cells.map((row) =>
    line(row.map((c, j) => (c.right ? c.text.padStart(widths[j] ?? 0) : c.text.padEnd(widths[j] ?? 0)))),
  );
  return [header, rule, ...body].join('\n');
}

/** A titled section: `== title ==` then the body. */
export function section(title: string, body: string): string {
  return `== ${title} ==\n${body}\n`;
}

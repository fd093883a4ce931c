/**
 * CSV reading for uploads (position imports, daily closes): size and row limits, one parse with
 * `csv-parse` (quotes, BOM, CRLF; `,` or, when the header has none, `;` or tab), header lookup by
 * normalized name (`Avg. Price`, `avg_price` and `avgPrice` are the same column), and problems as
 * {@link CsvIssue}s with the line number and column, collected for the whole file.
 */
import { parse } from 'csv-parse/sync';
import { ApiError, BadUserInputError } from '../errors.ts';

/** Largest CSV accepted (bytes of UTF-8). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** Most data rows accepted in one file. */
export const MAX_CSV_ROWS = 20_000;
/** Longest single record (characters). */
const MAX_RECORD_CHARS = 10_000;

/** One problem in an uploaded file. `row` is the line in the file (header = 1); null: the whole file. */
export interface CsvIssue {
  row: number | null;
  column: string | null;
  reason: string;
  value?: string | null;
}

/** A data row: its line number and cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A parsed file: the header as written and the data rows. */
export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/** `Avg. Price` -> `avgprice`: lower case, letters and digits only. */
export const normalizeHeader = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Thrown when an upload is refused as a whole after validation: code BAD_USER_INPUT, the message
 * lists the first problems, `extensions.issues` holds up to 100 of them and `issueCount` the total.
 */
export class CsvValidationError extends ApiError {
  readonly issues: readonly CsvIssue[];

  constructor(field: string, issues: readonly CsvIssue[]) {
    const shown = issues.slice(0, 20).map(formatIssue);
    if (issues.length > 20) shown.push(`... and ${issues.length - 20} more`);
    super(
      'BAD_USER_INPUT',
      `${field}: ${issues.length} problem(s), nothing was written: ${shown.join('; ')}`,
      {
        details: { field, issueCount: issues.length, issues: issues.slice(0, 100) },
      },
    );
    this.name = 'CsvValidationError';
    this.issues = issues;
  }
}

/** `row 3, column quantity: must be a decimal number (got "abc")`. */
export function formatIssue(issue: CsvIssue): string {
  const where = [
    issue.row === null ? 'file' : `row ${issue.row}`,
    issue.column ? `column ${issue.column}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${issue.reason}`;
}

/**
 * Checks the size, parses `text` and returns the header and rows.
 * @throws BadUserInputError (field `field`) for an empty or too large file, too many rows, or text
 *   that is not CSV (an unterminated quote...): the message names the line.
 */
export function readCsv(field: string, text: string): CsvTable {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CSV_BYTES)
    throw new BadUserInputError(
      field,
      `file is ${bytes} bytes: at most ${MAX_CSV_BYTES} bytes (5 MiB) per upload`,
    );
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(',')
    ? ','
    : firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t')
        ? '\t'
        : ',';
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      max_record_size: MAX_RECORD_CHARS,
      to_line: MAX_CSV_ROWS + 50,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new BadUserInputError(
      field,
      `not a valid CSV file${line ? ` (line ${line})` : ''}: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}`,
    );
  }
  const [head, ...rest] = parsed;
  if (!head) throw new BadUserInputError(field, 'file is empty: expected a header line and data rows');
  if (rest.length > MAX_CSV_ROWS || text.split('\n').length > MAX_CSV_ROWS + 50)
    throw new BadUserInputError(
      field,
      `file has more than ${MAX_CSV_ROWS} data rows: split it (at most ${MAX_CSV_ROWS} rows per upload)`,
    );
  if (rest.length === 0) throw new BadUserInputError(field, 'file has a header but no data rows');
  return {
    header: head.record,
    records: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

/** A logical column: the names it may have in a file (normalized). */
export interface ColumnSpec {
  /** Name used in messages, e.g. `quantity`. */
  name: string;
  aliases: readonly string[];
  required?: boolean;
}

/** Where each logical column is in a file's header (index and the name as written). */
export type ColumnMap<K extends string> = Partial<Record<K, { index: number; header: string }>>;

/**
 * Finds the logical columns in `header`. Missing required columns and ambiguous headers (two
 * columns matching one logical column) are file-level issues.
 */
export function mapColumns<K extends string>(
  header: readonly string[],
  specs: Readonly<Partial<Record<K, ColumnSpec>>>,
): { map: ColumnMap<K>; issues: CsvIssue[] } {
  const map: ColumnMap<K> = {};
  const issues: CsvIssue[] = [];
  const normalized = header.map(normalizeHeader);
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    if (!spec) continue;
    const found = normalized.flatMap((n, index) => (spec.aliases.includes(n) ? [index] : []));
    if (found.length > 1)
      issues.push({
        row: 1,
        column: spec.name,
        reason: `columns ${found.map((i) => JSON.stringify(header[i])).join(' and ')} both mean ${spec.name}: keep one`,
      });
    const index = found[0];
    if (index === undefined) {
      if (spec.required)
        issues.push({
          row: 1,
          column: spec.name,
          reason: `missing column ${spec.name} (accepted headers: ${spec.aliases.join(', ')})`,
        });
      continue;
    }
    map[key] = { index, header: header[index] ?? spec.name };
  }
  return { map, issues };
}

/** The trimmed cell of logical column `key` in `record` ('' when absent). */
export function cell<K extends string>(map: ColumnMap<K>, record: CsvRecord, key: K): string {
  const at = map[key];
  return at === undefined ? '' : (record.cells[at.index] ?? '').trim();
}

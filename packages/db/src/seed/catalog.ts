/**
 * Loads the instrument catalog file, validates every row (errors name the row and the field), and
 * writes it as global instruments (fund_id NULL). Writing is idempotent: rows are matched on
 * (venue, symbol) among global instruments; unchanged rows are not touched.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { type CatalogRow, catalogFileShape, catalogRow } from './catalog-schema.ts';

/** The catalog shipped with the package. */
export const CATALOG_PATH = fileURLToPath(new URL('../../data/instruments.json', import.meta.url));

/** Thrown when the catalog file is not valid; `issues` lists every problem found (row, field, value). */
export class CatalogValidationError extends Error {
  override name = 'CatalogValidationError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    const shown = issues.slice(0, 20).map((i) => `  - ${i}`);
    const more = issues.length > 20 ? [`  ... and ${issues.length - 20} more`] : [];
    super([`${file}: ${issues.length} invalid value(s):`, ...shown, ...more].join('\n'));
  }
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describeRow(raw: unknown, index: number): string {
  const venue = valueAt(raw, ['venue']);
  const symbol = valueAt(raw, ['symbol']);
  const label = typeof venue === 'string' && typeof symbol === 'string' ? ` (${venue} ${symbol})` : '';
  return `row ${index}${label}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Parses and validates catalog JSON text. `file` is used in error messages only.
 * Rows are numbered from 0 in the order of the file's `instruments` array.
 */
export function parseCatalog(text: string, file = 'instruments.json'): CatalogRow[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CatalogValidationError(file, [`not valid JSON: ${(err as Error).message}`]);
  }
  const top = catalogFileShape.safeParse(json);
  if (!top.success) {
    throw new CatalogValidationError(
      file,
      top.error.issues.map(
        (i) => `${i.path.join('.') || '(top level)'} = ${show(valueAt(json, i.path))}: ${i.message}`,
      ),
    );
  }
  const issues: string[] = [];
  const rows: CatalogRow[] = [];
  const seen = new Map<string, number>();
  top.data.instruments.forEach((raw, index) => {
    const parsed = catalogRow.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const field = i.path.length > 0 ? i.path.join('.') : '(row)';
        issues.push(
          `${describeRow(raw, index)} field ${field} = ${show(valueAt(raw, i.path))}: ${i.message}`,
        );
      }
      return;
    }
    const key = `${parsed.data.venue}\u0000${parsed.data.symbol}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(
        `${describeRow(raw, index)} field symbol: duplicate of row ${first} (same venue and symbol)`,
      );
      return;
    }
    seen.set(key, index);
    rows.push(parsed.data);
  });
  if (issues.length > 0) throw new CatalogValidationError(file, issues);
  return rows;
}

/** Reads and validates a catalog file (default: the shipped one). */
export async function loadCatalogFile(path: string = CATALOG_PATH): Promise<CatalogRow[]> {
  return parseCatalog(await readFile(path, 'utf8'), path);
}

/** The Instrument columns a catalog row sets (fund_id is always NULL for catalog rows). */
export function toInstrumentData(row: CatalogRow) {
  return {
    venue: row.venue,
    symbol: row.symbol,
    kind: row.kind,
    settlement: row.settlement ?? null,
    underlying: row.underlying,
    quoteCurrency: row.quoteCurrency,
    settlementCurrency: row.settlementCurrency,
    contractSize: row.contractSize,
    multiplier: row.multiplier ?? null,
    expiry: row.expiry ? new Date(row.expiry) : null,
    strike: row.strike ?? null,
    optionType: row.optionType ?? null,
    tickSize: row.tickSize ?? null,
    initialMarginRate: row.initialMarginRate ?? null,
    maintenanceMarginRate: row.maintenanceMarginRate ?? null,
    marginTiers: row.marginTiers ?? Prisma.DbNull,
    targetLeverage: row.targetLeverage ?? null,
    liquidationThreshold: row.liquidationThreshold ?? null,
    liquidationBonus: row.liquidationBonus ?? null,
    loanToValue: row.loanToValue ?? null,
    closeFactor: row.closeFactor ?? null,
    sourceUrl: row.sourceUrl,
    notes: row.notes,
    active: true,
  };
}

type InstrumentData = ReturnType<typeof toInstrumentData>;

/** JSON with sorted keys, so jsonb's key reordering does not count as a change. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Whether a stored column value equals the value a catalog row would write. */
export function sameValue(stored: unknown, wanted: unknown): boolean {
  if (wanted === Prisma.DbNull) return stored === null || stored === undefined;
  if (wanted === null || wanted === undefined) return stored === null || stored === undefined;
  if (stored === null || stored === undefined) return false;
  if (wanted instanceof Date) return stored instanceof Date && stored.getTime() === wanted.getTime();
  if (Prisma.Decimal.isDecimal(stored)) return (stored as Prisma.Decimal).equals(String(wanted));
  if (typeof wanted === 'object') return canonicalJson(stored) === canonicalJson(wanted);
  return stored === wanted;
}

function changedFields(stored: Record<string, unknown>, wanted: InstrumentData): string[] {
  return Object.entries(wanted)
    .filter(([k, v]) => !sameValue(stored[k], v))
    .map(([k]) => k);
}

/** What {@link seedCatalog} did. */
export interface CatalogSeedResult {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes catalog rows as instruments: global ones (fund_id NULL, the default) or, with `fundId`,
 * a fund's private custom instruments. Matches existing rows of the same scope on (venue, symbol);
 * creates the missing ones, updates only those whose values differ. Global rows need a connection
 * that may write them (the owner connection; see docs/demo-data.md).
 */
export async function seedCatalog(
  db: PrismaClient,
  rows: readonly CatalogRow[],
  opts: { fundId?: string | null } = {},
): Promise<CatalogSeedResult> {
  const fundId = opts.fundId ?? null;
  const existing = await db.instrument.findMany({ where: { fundId } });
  const byKey = new Map<string, (typeof existing)[number]>();
  for (const ins of existing) {
    const key = `${ins.venue}\u0000${ins.symbol}`;
    if (!byKey.has(key)) byKey.set(key, ins);
  }
  const toCreate: InstrumentData[] = [];
  const toUpdate: { id: string; data: InstrumentData }[] = [];
  for (const row of rows) {
    const data = toInstrumentData(row);
    const found = byKey.get(`${row.venue}\u0000${row.symbol}`);
    if (!found) toCreate.push(data);
    else if (changedFields(found as unknown as Record<string, unknown>, data).length > 0) {
      toUpdate.push({ id: found.id, data });
    }
  }
  if (toCreate.length > 0) {
    // skipDuplicates: a concurrent seed that created the same (venue, symbol, fund) first wins.
    await db.instrument.createMany({ data: toCreate.map((d) => ({ ...d, fundId })), skipDuplicates: true });
  }
  if (toUpdate.length > 0) {
    await db.$transaction(toUpdate.map(({ id, data }) => db.instrument.update({ where: { id }, data })));
  }
  return {
    created: toCreate.length,
    updated: toUpdate.length,
    unchanged: rows.length - toCreate.length - toUpdate.length,
  };
}

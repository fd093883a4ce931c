/**
 * The bundled daily price history (packages/db/data/prices-daily.csv, see PRICES-README.md):
 * parsing with line-level errors, and loading as global PriceHistory rows (fund_id NULL).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** The price file shipped with the package (a copy; the demo never reads ../shared at run time). */
export const PRICES_PATH = fileURLToPath(new URL('../../data/prices-daily.csv', import.meta.url));

/** `source` written on every bundled PriceHistory row. */
export const PRICES_SOURCE =
  'Yahoo Finance daily close via budydeveloper/crypto-dataset@11840c50 (internal test/demo data, not a price feed)';

/** One daily close. `close` is the file's decimal string, unchanged. */
export interface DailyClose {
  date: string;
  token: string;
  close: string;
}

/** Thrown for a malformed price file; names the line, the field and the value. */
export class PriceFileError extends Error {
  override name = 'PriceFileError';
}

const HEADER = 'date,token,close_usd';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TOKEN_RE = /^[A-Z0-9]{2,16}$/;
const CLOSE_RE = /^\d+(\.\d+)?$/;

/** Parses `date,token,close_usd` CSV text. Rejects bad dates, tokens, non-positive closes and duplicates. */
export function parsePriceCsv(text: string, file = 'prices-daily.csv'): DailyClose[] {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== HEADER) {
    throw new PriceFileError(`${file} line 1: header must be "${HEADER}", got ${JSON.stringify(lines[0])}`);
  }
  const out: DailyClose[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line === '') continue;
    const where = `${file} line ${i + 1}`;
    const [date, token, close, ...extra] = line.split(',');
    if (extra.length > 0 || close === undefined || token === undefined || date === undefined) {
      throw new PriceFileError(
        `${where}: expected 3 fields, got ${line.split(',').length}: ${JSON.stringify(line)}`,
      );
    }
    if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new PriceFileError(`${where}: field date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    }
    if (!TOKEN_RE.test(token)) {
      throw new PriceFileError(
        `${where}: field token must be an upper-case ticker, got ${JSON.stringify(token)}`,
      );
    }
    if (!CLOSE_RE.test(close) || !(Number(close) > 0)) {
      throw new PriceFileError(
        `${where}: field close_usd must be a positive decimal, got ${JSON.stringify(close)}`,
      );
    }
    const key = `${token} ${date}`;
    if (seen.has(key)) throw new PriceFileError(`${where}: duplicate token/date ${key}`);
    seen.add(key);
    out.push({ date, token, close });
  }
  return out;
}

/** Reads and parses a price file (default: the bundled one). */
export async function loadPriceFile(path: string = PRICES_PATH): Promise<DailyClose[]> {
  return parsePriceCsv(await readFile(path, 'utf8'), path);
}

/** The last close of each token (by date), e.g. for the demo market snapshot's spot prices. */
export function lastCloses(rows: readonly DailyClose[]): Map<string, DailyClose> {
  const last = new Map<string, DailyClose>();
  for (const r of rows) {
    const cur = last.get(r.token);
    if (!cur || r.date > cur.date) last.set(r.token, r);
  }
  return last;
}

/** What {@link seedPriceHistory} did. */
export interface PriceSeedResult {
  inserted: number;
  alreadyPresent: number;
}

/**
 * Inserts the closes as global PriceHistory rows, skipping (token, date) pairs that already have a
 * global row, so a re-run inserts nothing. One multi-row insert per token (createMany with
 * skipDuplicates, which also holds if the migration adds a unique index). Note: numeric(38,18)
 * rounds closes with more than 18 decimals (609 early DOGE rows) at the 18th decimal.
 */
export async function seedPriceHistory(
  db: PrismaClient,
  rows: readonly DailyClose[],
): Promise<PriceSeedResult> {
  const existing = await db.priceHistory.findMany({
    where: { fundId: null },
    select: { token: true, date: true },
  });
  const have = new Set(existing.map((r) => `${r.token} ${r.date.toISOString().slice(0, 10)}`));
  const byToken = new Map<string, DailyClose[]>();
  let alreadyPresent = 0;
  for (const r of rows) {
    if (have.has(`${r.token} ${r.date}`)) {
      alreadyPresent++;
      continue;
    }
    const list = byToken.get(r.token) ?? [];
    list.push(r);
    byToken.set(r.token, list);
  }
  let inserted = 0;
  for (const [, list] of [...byToken].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const res = await db.priceHistory.createMany({
      data: list.map((r) => ({
        fundId: null,
        token: r.token,
        date: new Date(`${r.date}T00:00:00.000Z`),
        close: r.close,
        source: PRICES_SOURCE,
      })),
      skipDuplicates: true,
    });
    inserted += res.count;
  }
  return { inserted, alreadyPresent };
}

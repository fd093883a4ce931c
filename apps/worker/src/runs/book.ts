/**
 * A fund's book as risk-core input, read through a tenant transaction (`withTenant`): the book and
 * market snapshot via @dte/domain, mapped to the portfolio document, and the fund's daily closes
 * (fund rows override global ones) for covariance estimates and historical simulation.
 */
import { type PrismaClient, withTenant } from '@dte/db';
import { type BookDocument, type FundBook, loadBook, toPortfolioDocument } from '@dte/domain';
import type { DailyClose } from '@dte/risk-core';
import type { BookInfo } from '../compute/tasks.ts';

/** Transaction options for reads of a whole book (a large book takes more than Prisma's 5 s default). */
export const BOOK_TX = { timeout: 60_000, maxWait: 10_000 } as const;

/** A loaded and mapped book. */
export interface LoadedBook {
  book: FundBook;
  mapped: BookDocument;
  info: BookInfo;
}

/**
 * Loads the fund's book valued at `snapshotId` (default: the latest snapshot with a SPOT quote) and
 * maps it to a portfolio document.
 * @throws DomainError `NO_MARKET_SNAPSHOT` / `SNAPSHOT_NOT_FOUND` / `INVALID_ID`.
 */
export async function loadFundBook(
  prisma: PrismaClient,
  fundId: string,
  snapshotId?: string | null,
): Promise<LoadedBook> {
  const book = await withTenant(
    prisma,
    { fundId },
    (tx) => loadBook(tx, fundId, { snapshotId: snapshotId ?? null }),
    BOOK_TX,
  );
  const mapped = toPortfolioDocument(book);
  return {
    book,
    mapped,
    info: {
      snapshotId: book.snapshot.id,
      asOf: book.snapshot.asOf.toISOString(),
      unmapped: mapped.unmapped.map((u) => ({ source: u.source, rowId: u.rowId, reason: u.reason })),
      warnings: mapped.warnings,
    },
  };
}

/** The day before the valuation time (YYYY-MM-DD): the default last history date. */
export function dayBefore(valuationTime: string): string {
  return new Date(Date.parse(valuationTime) - 86_400_000).toISOString().slice(0, 10);
}

/** Daily closes of a fund for a set of tokens, and the last date every token has. */
export interface FundHistory {
  closes: DailyClose[];
  /** The latest date on or before the requested one at which every token with history has a close. */
  asOf: string | null;
}

/**
 * The daily closes of `tokens` in the `days` calendar days up to the latest close on or before
 * `asOf`, one per (token, date), the fund's own rows winning over global ones. Tokens without any
 * close are simply absent (risk-core then names the missing token).
 */
export async function loadFundHistory(
  prisma: PrismaClient,
  fundId: string,
  tokens: readonly string[],
  asOf: string,
  days: number,
): Promise<FundHistory> {
  if (tokens.length === 0) return { closes: [], asOf: null };
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ token: string; date: string; close: number }[]>`
      SELECT DISTINCT ON (token, date) token, to_char(date, 'YYYY-MM-DD') AS date, close::float8 AS close
      FROM price_history
      WHERE token = ANY(${[...tokens]}::text[]) AND date <= ${asOf}::date
        AND (fund_id IS NULL OR fund_id = ${fundId}::uuid)
        AND date > (SELECT max(date) FROM price_history
          WHERE token = ANY(${[...tokens]}::text[]) AND date <= ${asOf}::date
            AND (fund_id IS NULL OR fund_id = ${fundId}::uuid)) - ${days}::int
      ORDER BY token, date, (fund_id IS NULL) ASC`,
    BOOK_TX,
  );
  const last = new Map<string, string>();
  for (const r of rows) if ((last.get(r.token) ?? '') < r.date) last.set(r.token, r.date);
  const ends = [...last.values()].sort();
  return { closes: rows, asOf: ends[0] ?? null };
}

/** The non-stable tokens a document's market prices (the candidates for history). */
export function documentTokens(document: { market: { spot: Record<string, number> } }): string[] {
  return Object.keys(document.market.spot).sort();
}

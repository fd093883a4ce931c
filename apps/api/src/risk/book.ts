/**
 * A fund's book ready for risk-core, per request: the rows are read in the request's tenant read
 * transaction (`ctx.db.read`: one statement for the snapshot and the book's version, six more on a
 * cache miss), everything else (mapping, parsing, exposures, revaluation) runs OUTSIDE it.
 *
 * **Cache.** Built books (document, parsed document and the memoised results: exposures, groups,
 * coin totals, revaluation, liquidations) are kept per `(fund, snapshot, book version)` for
 * {@link BOOK_CACHE_TTL_MS}, at most {@link BOOK_CACHE_SIZE} entries. The version is
 * `fund.book_version`, bumped by triggers in every transaction that writes a position, balance,
 * lending row, account, instrument, snapshot or quote of the fund (or a global one), and read by
 * every request inside its own read transaction (`loadBookVersion`, one index lookup): a cached book
 * is never served after a write is visible to the request, and a request never sees a book other
 * than the one its own snapshot contains. The key starts with the fund id, so a hit never crosses
 * funds. Concurrent misses on the same key share one load.
 */
import {
  type BookDocument,
  type FundBook,
  liquidationDocument,
  loadBookAt,
  loadBookVersion,
  toPortfolioDocument,
} from '@dte/domain';
import {
  aggregateExposures,
  createMarketView,
  type GroupDimension,
  type GroupTotals,
  type MarketView,
  type PortfolioDocument,
  type PortfolioLiquidations,
  type PositionExposure,
  parseMarginSpec,
  parsePortfolio,
  portfolioExposures,
  portfolioLiquidations,
  prepareRevaluation,
  type Revaluation,
} from '@dte/risk-core';
import type { Context } from '../context.ts';
import { idOrNotFound, selectedFund } from '../schema/guards.ts';
import { riskCall, toApiError } from './errors.ts';

/** Lifetime of a cached book (ms). */
export const BOOK_CACHE_TTL_MS = 60_000;
/** Most books kept (funds x versions). */
export const BOOK_CACHE_SIZE = 16;

/** A book with its document and lazily computed, memoised risk-core results. */
export class RiskBook {
  readonly key: string;
  readonly book: FundBook;
  readonly mapped: BookDocument;
  readonly doc: PortfolioDocument;
  readonly view: MarketView;
  #exposures: PositionExposure[] | undefined;
  #groups = new Map<string, GroupTotals[]>();
  #revaluation: Revaluation | undefined;
  #liquidations: PortfolioLiquidations | undefined;
  #memo = new Map<string, unknown>();

  constructor(key: string, book: FundBook) {
    this.key = key;
    this.book = book;
    this.mapped = toPortfolioDocument(book);
    this.doc = riskCall(() => parsePortfolio(this.mapped.document));
    this.view = riskCall(() => createMarketView(this.doc.valuationTime, this.doc.market));
  }

  /** `portfolioExposures` of the document (document order). */
  exposures(): PositionExposure[] {
    this.#exposures ??= riskCall(() => portfolioExposures(this.doc, this.view));
    return this.#exposures;
  }

  /** `aggregateExposures` by `dims` (stablecoins per the market view). */
  groups(dims: readonly GroupDimension[]): GroupTotals[] {
    const key = dims.join(',');
    let groups = this.#groups.get(key);
    if (!groups) {
      groups = aggregateExposures(this.exposures(), dims, (t) => this.view.isStable(t));
      this.#groups.set(key, groups);
    }
    return groups;
  }

  /** `compute()` once per book (memoised under `key`), for derived results such as coin totals. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, compute());
    return this.#memo.get(key) as T;
  }

  /** Full-revaluation state for grids and stresses. */
  revaluation(): Revaluation {
    this.#revaluation ??= riskCall(() => prepareRevaluation(this.doc));
    return this.#revaluation;
  }

  /** `portfolioLiquidations` of the liquidation document (isolated positions in their own accounts). */
  liquidations(): PortfolioLiquidations {
    this.#liquidations ??= riskCall(() => {
      const raw = liquidationDocument(this.mapped, this.book);
      const doc = parsePortfolio(raw);
      return portfolioLiquidations(doc, parseMarginSpec(raw, doc));
    });
    return this.#liquidations;
  }
}

interface Entry {
  book: Promise<RiskBook>;
  expires: number;
}

/** Process-wide cache of built books, keyed by fund and book version. */
class BookCache {
  readonly #entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  get(key: string, build: () => Promise<RiskBook>): Promise<RiskBook> {
    const now = Date.now();
    const found = this.#entries.get(key);
    if (found && found.expires > now) {
      this.hits += 1;
      // Most recently used last.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found.book;
    }
    this.misses += 1;
    const book = build();
    this.#entries.set(key, { book, expires: now + BOOK_CACHE_TTL_MS });
    book.catch(() => {
      if (this.#entries.get(key)?.book === book) this.#entries.delete(key);
    });
    for (const [k, entry] of this.#entries) {
      if (this.#entries.size <= BOOK_CACHE_SIZE && entry.expires > now) break;
      this.#entries.delete(k);
    }
    return book;
  }

  /** The entry under `key` if present and fresh (counted as a hit), else undefined (nothing counted). */
  peek(key: string): Promise<RiskBook> | undefined {
    const found = this.#entries.get(key);
    if (!found || found.expires <= Date.now()) return undefined;
    this.hits += 1;
    this.#entries.delete(key);
    this.#entries.set(key, found);
    return found.book;
  }

  /** Stores `book` under a second key too (it expires with its own TTL). */
  alias(key: string, book: Promise<RiskBook>): void {
    this.#entries.set(key, { book, expires: Date.now() + BOOK_CACHE_TTL_MS });
    book.catch(() => {
      if (this.#entries.get(key)?.book === book) this.#entries.delete(key);
    });
    while (this.#entries.size > BOOK_CACHE_SIZE) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The api's book cache (per process). */
export const bookCache = new BookCache();

/**
 * The selected fund's book at `snapshotId` (default: the latest snapshot with a SPOT quote).
 * @throws NotFoundError for a snapshot the fund cannot see (or a malformed id), MissingMarketDataError
 *   when there is no snapshot at all.
 */
export async function loadRiskBook(ctx: Context, snapshotId?: string | null): Promise<RiskBook> {
  const { fundId } = selectedFund(ctx);
  const snapshot = snapshotId == null ? null : idOrNotFound('market snapshot', snapshotId);
  // The latest snapshot's book at the version read with the session: cached books of this key are
  // exactly the rows of that version (the snapshot choice depends only on rows the version covers).
  const latestKey = (version: string) => `${fundId}|latest|${version}`;
  try {
    if (snapshot === null && ctx.bookOnly && ctx.bookVersion !== null) {
      const cached = bookCache.peek(latestKey(ctx.bookVersion));
      if (cached) return await cached;
    }
    const version = await ctx.db.read((tx) => loadBookVersion(tx, fundId, { snapshotId: snapshot }));
    const book = bookCache.get(version.key, async () => {
      const book = await ctx.db.read((tx) => loadBookAt(tx, fundId, version.snapshot));
      return new RiskBook(version.key, book);
    });
    if (snapshot === null) bookCache.alias(latestKey(version.version), book);
    return await book;
  } catch (error) {
    throw toApiError(error);
  }
}

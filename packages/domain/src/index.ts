/**
 * @dte/domain: a fund's book (positions + instruments, balances, lending) and market snapshot, loaded
 * through a tenant transaction and converted to risk-core's portfolio document. Used by the api and
 * the worker. docs/api-risk.md "Book -> portfolio document" documents the mapping.
 */
export type {
  BookAccount,
  BookBalance,
  BookInstrument,
  BookLending,
  BookPosition,
  BookQuote,
  BookQuoteKind,
  BookSnapshot,
  FundBook,
} from './book.ts';
export type {
  BookDocument,
  BookSource,
  DocPosition,
  DocumentRef,
  PortfolioJson,
  UnmappedRow,
} from './document.ts';
export { ISOLATED_SUFFIX, lendingId, liquidationDocument, toPortfolioDocument } from './document.ts';
export type { DomainErrorCode } from './errors.ts';
export { DomainError } from './errors.ts';
export type { BookVersion, SnapshotChoice } from './load.ts';
export { loadBook, loadBookAt, loadBookVersion } from './load.ts';

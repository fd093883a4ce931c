/** Stable error codes of @dte/domain. */
export type DomainErrorCode = 'NO_MARKET_SNAPSHOT' | 'SNAPSHOT_NOT_FOUND' | 'FUND_NOT_FOUND' | 'INVALID_ID';

/** A book could not be loaded; `code` is stable and safe to match on. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  /** The offending id or value, when there is one. */
  readonly value: string | undefined;

  constructor(code: DomainErrorCode, message: string, value?: string) {
    super(message);
    this.code = code;
    this.value = value;
  }
}

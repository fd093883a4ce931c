/**
 * Stable error codes of risk-core. Callers (CLI, API) map them to exit codes / GraphQL errors.
 */
export type RiskInputErrorCode =
  | 'INVALID_NUMBER'
  | 'OUT_OF_DOMAIN'
  | 'MISSING_FIELD'
  | 'MISSING_MARKET_DATA'
  | 'UNSUPPORTED'
  | 'NO_SOLUTION'
  | 'MALFORMED_DOCUMENT';

/**
 * Invalid input to a risk-core function: the message names the field (and position id where there is
 * one) and the offending value.
 */
export class RiskInputError extends Error {
  override readonly name = 'RiskInputError';
  readonly code: RiskInputErrorCode;
  /** Dotted path of the offending field, e.g. `positions[3].strike` or `forward`. */
  readonly field: string;
  readonly value: unknown;

  constructor(code: RiskInputErrorCode, field: string, value: unknown, message: string) {
    super(`${field}: ${message} (got ${formatValue(value)})`);
    this.code = code;
    this.field = field;
    this.value = value;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

import { RiskInputError } from '../errors.ts';
import type { ReadContext } from '../portfolio/reader.ts';
import { asObject, readEnum, readNumber } from '../portfolio/reader.ts';

/** One element of `dte price` / `dte iv` input. */
export interface OptionRequest {
  type: 'call' | 'put';
  settlement: 'linear' | 'inverse';
  forward: number;
  strike: number;
  expiryYears: number;
  rate: number;
  /** `price` requests. */
  vol: number;
  /** `iv` requests. */
  price: number;
}

/**
 * Reads one request: `type`, optional `settlement` (default linear), finite numbers `forward`,
 * `strike`, `expiryYears`, `rate` and `vol` (when `withVol`) or `price`. Domain checks
 * (positivity...) are the pricer's.
 *
 * @throws RiskInputError naming `[index].field`.
 */
export function readOptionRequest(value: unknown, index: number, withVol: boolean): OptionRequest {
  const ctx: ReadContext = { path: `[${index}]` };
  const o = asObject(value, ctx);
  const settlement =
    o.settlement === undefined || o.settlement === null
      ? 'linear'
      : readEnum(o, 'settlement', ['linear', 'inverse'] as const, ctx);
  return {
    type: readEnum(o, 'type', ['call', 'put'] as const, ctx),
    settlement,
    forward: readNumber(o, 'forward', 'finite', ctx),
    strike: readNumber(o, 'strike', 'finite', ctx),
    expiryYears: readNumber(o, 'expiryYears', 'finite', ctx),
    rate: readNumber(o, 'rate', 'finite', ctx),
    vol: withVol ? readNumber(o, 'vol', 'finite', ctx) : Number.NaN,
    price: withVol ? Number.NaN : readNumber(o, 'price', 'finite', ctx),
  };
}

/**
 * Runs `fn` for array element `index`; a `RiskInputError` whose field does not already name the
 * element is re-thrown with field `[index].<field>`.
 */
export function withElement<T>(index: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RiskInputError) || e.field.startsWith('[')) throw e;
    const inner = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    const got = inner.lastIndexOf(' (got ');
    throw new RiskInputError(
      e.code,
      `[${index}].${e.field}`,
      e.value,
      got >= 0 ? inner.slice(0, got) : inner,
    );
  }
}

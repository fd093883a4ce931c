import { RiskInputError } from '../errors.ts';

/**
 * Runs `fn`; a `RiskInputError` it throws is re-thrown with the position named: field
 * `positions[index].<field>` and message prefix `position "<id>": `.
 *
 * @throws RiskInputError with the same code and value, in the position's context.
 */
export function withPositionContext<T>(id: string, index: number | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RiskInputError) || e.message.includes(`position "${id}"`)) throw e;
    const where = index === undefined ? `positions[id=${id}]` : `positions[${index}]`;
    const field = e.field.startsWith('market.') ? e.field : `${where}.${e.field}`;
    let inner = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    const got = inner.lastIndexOf(' (got ');
    if (got >= 0) inner = inner.slice(0, got);
    throw new RiskInputError(e.code, field, e.value, `position "${id}": ${inner}`);
  }
}

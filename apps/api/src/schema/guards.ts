/**
 * Helpers for resolvers: the selected fund, and ids that cannot exist. Objects of other funds and
 * ids that are not UUIDs are NOT_FOUND, exactly like rows that do not exist.
 */
import type { FundScope } from '../auth/service.ts';
import type { Context } from '../context.ts';
import { FundNotSelectedError, NotFoundError } from '../errors.ts';
import { isUuid } from '../validation.ts';

/** The selected fund (the `member` / `role` scopes guarantee one; this narrows the type). */
export function selectedFund(ctx: Context): FundScope {
  if (!ctx.fund) throw new FundNotSelectedError();
  return ctx.fund;
}

/**
 * `id` lower-cased when it is a UUID; otherwise NOT_FOUND for `what` (a malformed id never reaches
 * SQL, where it would fail the request's transaction).
 */
export function idOrNotFound(what: string, id: string): string {
  if (!isUuid(id)) throw new NotFoundError(what, id);
  return id.toLowerCase();
}

/**
 * For fields nested under a Fund that expose fund data: only the selected fund's data is
 * reachable; any other fund (even one the user belongs to) is NOT_FOUND until selected.
 */
export function assertSelectedFund(ctx: Context, fundId: string): FundScope {
  const fund = selectedFund(ctx);
  if (fund.fundId !== fundId) throw new NotFoundError('fund', fundId);
  return fund;
}

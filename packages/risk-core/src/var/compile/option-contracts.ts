import { black76Batch } from '../../pricer/black76-batch.ts';
import type { OptionContracts } from './types.ts';

/** One live option position, before grouping. */
export interface OptionEntry {
  token: number;
  underlying: string;
  isCall: boolean;
  strike: number;
  expiry: string;
  expiryMillis: number;
  forward: number;
  expiryYears: number;
  vol: number;
  /** quantity x contractSize, signed. */
  quantity: number;
  account: number;
}

/**
 * Groups option positions by contract (token, call/put, strike, expiry instant) with summed
 * quantities, overall and per account, and prices each contract once at the base market
 * (Black-76, `black76Batch`). The contract's vol is the one the market view gives at the base
 * market (the same for every position on it); it is kept over the horizon.
 *
 * @param horizonDays h > 0: `horizonExpiryYears = max(T - h/365, 0)`.
 * @throws RiskInputError from the pricer for an invalid forward/strike/vol (naming `forward[c]`, ...).
 */
export function buildOptionContracts(
  entries: readonly OptionEntry[],
  rate: number,
  horizonDays: number,
): OptionContracts {
  const groups = new Map<string, { first: OptionEntry; quantity: number; accounts: Map<number, number> }>();
  for (const e of entries) {
    const key = `${e.token}|${e.isCall ? 'C' : 'P'}|${e.strike}|${e.expiryMillis}`;
    let g = groups.get(key);
    if (!g) {
      g = { first: e, quantity: 0, accounts: new Map() };
      groups.set(key, g);
    }
    g.quantity += e.quantity;
    g.accounts.set(e.account, (g.accounts.get(e.account) ?? 0) + e.quantity);
  }
  const list = [...groups.values()];
  const n = list.length;
  const isCall = Uint8Array.from(list, (g) => (g.first.isCall ? 1 : 0));
  const forward = Float64Array.from(list, (g) => g.first.forward);
  const strike = Float64Array.from(list, (g) => g.first.strike);
  const expiryYears = Float64Array.from(list, (g) => g.first.expiryYears);
  const vol = Float64Array.from(list, (g) => g.first.vol);
  const basePrice = new Float64Array(n);
  const scratch = () => new Float64Array(n);
  black76Batch(
    { isCall, forward, strike, expiryYears, vol, rate },
    { price: basePrice, delta: scratch(), gamma: scratch(), vega: scratch(), theta: scratch() },
  );
  const accountStart = new Int32Array(n + 1);
  const account: number[] = [];
  const accountQuantity: number[] = [];
  list.forEach((g, c) => {
    for (const [a, q] of [...g.accounts.entries()].sort((x, y) => x[0] - y[0])) {
      account.push(a);
      accountQuantity.push(q);
    }
    accountStart[c + 1] = account.length;
  });
  const years = horizonDays / 365;
  return {
    count: n,
    token: Int32Array.from(list, (g) => g.first.token),
    isCall,
    forward,
    strike,
    expiryYears,
    horizonExpiryYears: Float64Array.from(list, (g) => Math.max(g.first.expiryYears - years, 0)),
    vol,
    rate,
    basePrice,
    quantity: Float64Array.from(list, (g) => g.quantity),
    accountStart,
    account: Int32Array.from(account),
    accountQuantity: Float64Array.from(accountQuantity),
    labels: list.map(
      (g) =>
        `${g.first.underlying} ${g.first.isCall ? 'call' : 'put'} ${g.first.strike} ${new Date(g.first.expiryMillis).toISOString()}`,
    ),
  };
}

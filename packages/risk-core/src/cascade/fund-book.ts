import { createMarketView } from '../exposure/market-view.ts';
import { healthFactor } from '../instruments/lending.ts';
import type { AaveAccountInput } from '../liquidation/aave-liquidation.ts';
import type { AaveParams } from '../liquidation/aave-params.ts';
import type { FundMarginAccount } from '../liquidation/build-accounts.ts';
import { buildMarginAccounts } from '../liquidation/build-accounts.ts';
import { largestValidCall, lendingAccount, lendingParams } from '../liquidation/lending-details.ts';
import { marginState } from '../liquidation/margin-account.ts';
import type { MarginSpec } from '../liquidation/parse-margin.ts';
import type { PortfolioDocument } from '../portfolio/types.ts';
import type { RoundAcc } from './round-acc.ts';
import { recordTrade } from './round-acc.ts';

/** The fund's margin accounts and lending positions inside the cascade. */
export interface FundBook {
  margin: { account: FundMarginAccount; protocol: string; done: boolean }[];
  lending: { id: string; protocol: string; account: AaveAccountInput; params: AaveParams; done: boolean }[];
}

/**
 * The document with its market spot replaced by the scenario's prices for the tokens both know
 * (forward quotes scaled by the same ratio), so the fund is marked where the market is.
 */
export function rebaseDocument(
  doc: PortfolioDocument,
  prices: Readonly<Record<string, number>>,
): PortfolioDocument {
  const spot = { ...doc.market.spot };
  const forwards = doc.market.forwards ? { ...doc.market.forwards } : undefined;
  for (const [token, price] of Object.entries(prices)) {
    const old = spot[token];
    spot[token] = price;
    const quotes = forwards?.[token];
    if (forwards && quotes && old !== undefined) {
      forwards[token] = quotes.map((q) => ({ ...q, price: (q.price * price) / old }));
    }
  }
  return { ...doc, market: { ...doc.market, spot, ...(forwards ? { forwards } : {}) } };
}

/**
 * Margin accounts (`buildMarginAccounts`) and lending positions of the fund, marked at `prices`.
 * Protocol names: the venue of the account's first contract; the lending position's `protocol`
 * (else its venue).
 *
 * @throws RiskInputError for missing market data in the document.
 */
export function buildFundBook(
  document: PortfolioDocument,
  margin: MarginSpec,
  prices: Readonly<Record<string, number>>,
): FundBook {
  const doc = rebaseDocument(document, prices);
  const view = createMarketView(doc.valuationTime, doc.market);
  const venues = new Map(doc.positions.map((p) => [p.id, p.venue]));
  const marginAccounts = buildMarginAccounts(doc, view, margin).accounts.map((account) => ({
    account,
    protocol: venues.get(account.contractIds[0] as string) ?? account.account,
    done: false,
  }));
  const lending = doc.positions.flatMap((p) =>
    p.kind === 'lending'
      ? [
          {
            id: p.id,
            protocol: p.protocol ?? p.venue,
            account: lendingAccount(p, view, margin.lending[p.id]).account,
            params: lendingParams(margin.lending[p.id]),
            done: false,
          },
        ]
      : [],
  );
  return { margin: marginAccounts, lending };
}

/** Protocol names the fund book reports under. */
export function fundProtocols(book: FundBook): string[] {
  return [...book.margin.map((m) => m.protocol), ...book.lending.map((l) => l.protocol)];
}

function largestBy<T extends { amount: number; price: number }>(list: readonly T[], ok: (x: T) => boolean) {
  let best: T | undefined;
  for (const x of list) if (ok(x) && (!best || x.amount * x.price > best.amount * best.price)) best = x;
  return best;
}

/**
 * Checks the fund's positions at the round's prices (`factor(token)` = price / pre-shock price):
 * a margin account at or below its maintenance margin is closed entirely at the market (longs
 * sold, shorts bought; loss beyond its collateral = bad debt); a lending position with HF < 1
 * is liquidated with its protocol rules until healthy (largest debt against largest collateral).
 */
export function triggerFund(
  book: FundBook,
  factor: (token: string) => number,
  tokenIndex: ReadonlyMap<string, number>,
  protocolIndex: ReadonlyMap<string, number>,
  acc: RoundAcc,
  reLiquidation: boolean,
): void {
  for (const m of book.margin) {
    if (m.done) continue;
    const state = marginState(m.account.margin, factor);
    if (!state.liquidatable) continue;
    m.done = true;
    const proto = protocolIndex.get(m.protocol) as number;
    for (const c of state.contracts) {
      const contract = m.account.margin.contracts.find((x) => x.id === c.id);
      if (!contract) continue;
      const tokens = contract.settlement === 'linear' ? contract.size : contract.size / c.markPrice;
      const usd = Math.abs(tokens) * c.markPrice;
      acc.fundUsd += usd;
      acc.liquidatedByProtocol[proto] = (acc.liquidatedByProtocol[proto] as number) + usd;
      const t = tokenIndex.get(contract.underlying);
      if (t !== undefined) {
        acc.liquidatedByToken[t] = (acc.liquidatedByToken[t] as number) + usd;
        recordTrade(acc, t, -tokens, c.markPrice);
      }
      acc.fundCount++;
      acc.fundLiquidated.push(c.id);
    }
    if (state.equityUsd < 0)
      acc.badDebtByProtocol[proto] = (acc.badDebtByProtocol[proto] as number) - state.equityUsd;
  }
  for (const l of book.lending) {
    if (l.done && !reLiquidation) continue;
    let account: AaveAccountInput = {
      supplies: l.account.supplies.map((s) => ({ ...s, price: s.price * factor(s.token) })),
      borrows: l.account.borrows.map((b) => ({ ...b, price: b.price * factor(b.token) })),
    };
    if (!(healthFactor(account.supplies, account.borrows) < 1)) continue;
    const proto = protocolIndex.get(l.protocol) as number;
    let liquidated = false;
    for (let call = 0; call < 16; call++) {
      const debt = largestBy(account.borrows, (b) => b.amount > 0);
      const coll = largestBy(account.supplies, (s) => s.amount > 0 && s.liquidationThreshold > 0);
      if (!debt || !coll) break;
      const r = largestValidCall(account, coll.token, debt.token, l.params);
      if (!r.allowed) break;
      liquidated = true;
      const sold = r.collateralToLiquidator;
      const usd = sold * coll.price;
      acc.fundUsd += usd;
      acc.liquidatedByProtocol[proto] = (acc.liquidatedByProtocol[proto] as number) + usd;
      acc.badDebtByProtocol[proto] = (acc.badDebtByProtocol[proto] as number) + r.badDebtUsd;
      acc.debtRepaidUsd += r.debtRepaidUsd;
      const tc = tokenIndex.get(coll.token);
      if (tc !== undefined) {
        acc.liquidatedByToken[tc] = (acc.liquidatedByToken[tc] as number) + usd;
        recordTrade(acc, tc, -sold, coll.price);
      }
      const td = tokenIndex.get(debt.token);
      if (td !== undefined) recordTrade(acc, td, r.debtRepaid, debt.price);
      account = r.after;
      if (!(r.healthFactorAfter < 1)) break;
    }
    if (!liquidated) continue;
    l.done = true;
    // Keep the new amounts at the pre-shock prices (the factor is applied again next round).
    l.account = {
      supplies: account.supplies.map((s) => ({ ...s, price: s.price / factor(s.token) })),
      borrows: account.borrows.map((b) => ({ ...b, price: b.price / factor(b.token) })),
    };
    acc.fundCount++;
    acc.fundLiquidated.push(l.id);
  }
}

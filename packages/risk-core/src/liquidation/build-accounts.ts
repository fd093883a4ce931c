import type { MarketView } from '../exposure/market-view.ts';
import { USD } from '../portfolio/tokens.ts';
import type { DeltaOnePosition, PortfolioDocument, SpotPosition } from '../portfolio/types.ts';
import type { CollateralBalance, MarginAccount, MarginContract } from './margin-account.ts';
import type { MarginMode, MarginSpec } from './parse-margin.ts';

/** A margin account built from a document: cross (one per venue account) or isolated (one per position). */
export interface FundMarginAccount {
  /** `account` for cross, `account/positionId` for isolated. */
  name: string;
  account: string;
  mode: MarginMode;
  /** Isolated: the token of the isolated margin. */
  marginToken?: string;
  margin: MarginAccount;
  /** Ids of the contracts in the account. */
  contractIds: string[];
  /** Ids of the collateral positions counted (cross). */
  collateralIds: string[];
}

/** Accounts plus, for positions that are not in one, why. */
export interface MarginBook {
  accounts: FundMarginAccount[];
  /** Position id -> reason it has no margin account (missing data, expired, quanto). */
  excluded: Map<string, string>;
}

function isLinearOrInverse(p: { kind: string; settlement?: string }): p is DeltaOnePosition {
  return (p.kind === 'future' || p.kind === 'perpetual') && p.settlement !== 'quanto';
}

/**
 * Groups a document's linear/inverse futures and perpetuals into margin accounts.
 * - Mode per venue account: `margin.accounts.<account>.mode`, else `cross` when the account holds
 *   `collateral` positions, else `isolated`.
 * - Cross: collateral = the account's `collateral` positions; contracts = its futures/perpetuals.
 * - Isolated: one account per contract, collateral = `isolatedMargin` of `isolatedMarginToken`
 *   (default USD for linear, the underlying coin for inverse).
 * - Mark: the instrument's forward (the spot for a perpetual); entry: `entryPrice` or the mark.
 * - Brackets: the position's `maintenanceMarginRate` / `marginTiers`, else the account's.
 * Expired futures, quanto contracts, and contracts without brackets (or isolated margin) are
 * excluded with a reason.
 *
 * @throws RiskInputError for missing market data (spot / forward of a token).
 */
export function buildMarginAccounts(doc: PortfolioDocument, view: MarketView, spec: MarginSpec): MarginBook {
  const excluded = new Map<string, string>();
  const byAccount = new Map<string, { contracts: DeltaOnePosition[]; collateral: SpotPosition[] }>();
  const slot = (account: string) => {
    let s = byAccount.get(account);
    if (!s) {
      s = { contracts: [], collateral: [] };
      byAccount.set(account, s);
    }
    return s;
  };
  for (const p of doc.positions) {
    if (p.kind === 'collateral') slot(p.account).collateral.push(p);
    else if ((p.kind === 'future' || p.kind === 'perpetual') && p.settlement === 'quanto') {
      excluded.set(p.id, 'quanto contract: its margin (in the settlement coin) is not modelled');
    } else if (isLinearOrInverse(p)) {
      if (p.expiry !== undefined && view.yearsTo(p.expiry) <= 0) {
        excluded.set(p.id, 'expired future: settled, no liquidation');
      } else slot(p.account).contracts.push(p);
    }
  }
  const accounts: FundMarginAccount[] = [];
  for (const [account, { contracts, collateral }] of byAccount) {
    const accountSpec = spec.accounts[account] ?? {};
    const mode: MarginMode = accountSpec.mode ?? (collateral.length > 0 ? 'cross' : 'isolated');
    const built: { p: DeltaOnePosition; c: MarginContract }[] = [];
    for (const p of contracts) {
      const ps = spec.contracts[p.id] ?? {};
      const tiers = ps.tiers ?? accountSpec.tiers;
      if (tiers === undefined) {
        excluded.set(
          p.id,
          `no maintenance margin rate: give the position maintenanceMarginRate or marginTiers, or margin.accounts.${account}.maintenanceMarginRate`,
        );
        continue;
      }
      const mark = view.forward(p.underlying, p.expiry);
      built.push({
        p,
        c: {
          id: p.id,
          underlying: p.underlying,
          settlement: p.settlement,
          size: p.quantity * p.contractSize,
          entryPrice: p.entryPrice ?? mark,
          markPrice: mark,
          tiers,
          basis: ps.basis ?? accountSpec.basis ?? 'mark',
        },
      });
    }
    if (mode === 'cross') {
      if (built.length === 0) continue;
      const balances: CollateralBalance[] = collateral.map((b) => ({
        token: b.underlying,
        amount: b.quantity,
      }));
      const prices: Record<string, number> = {};
      for (const b of balances) prices[b.token] = view.spot(b.token);
      accounts.push({
        name: account,
        account,
        mode,
        margin: { collateral: balances, contracts: built.map((b) => b.c), prices },
        contractIds: built.map((b) => b.p.id),
        collateralIds: collateral.map((b) => b.id),
      });
      continue;
    }
    for (const { p, c } of built) {
      const ps = spec.contracts[p.id] ?? {};
      if (ps.isolatedMargin === undefined) {
        excluded.set(p.id, `isolated margin account "${account}": give the position isolatedMargin`);
        continue;
      }
      const token = ps.isolatedMarginToken ?? (p.settlement === 'linear' ? USD : p.underlying);
      accounts.push({
        name: `${account}/${p.id}`,
        account,
        mode,
        marginToken: token,
        margin: {
          collateral: [{ token, amount: ps.isolatedMargin }],
          contracts: [c],
          prices: { [token]: view.spot(token) },
        },
        contractIds: [p.id],
        collateralIds: [],
      });
    }
  }
  return { accounts, excluded };
}

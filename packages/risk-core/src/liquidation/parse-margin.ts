import type { ReadContext } from '../portfolio/reader.ts';
import {
  asArray,
  asObject,
  checkNumber,
  fail,
  readOptionalNumber,
  readOptionalString,
} from '../portfolio/reader.ts';
import type { PortfolioDocument } from '../portfolio/types.ts';
import type { MarginBasis } from './margin-account.ts';
import type { MarginTier, ResolvedMarginTier } from './margin-tiers.ts';
import { flatMarginTiers, resolveMarginTiers } from './margin-tiers.ts';

type Json = Record<string, unknown>;

/** Margin mode of a venue account. */
export type MarginMode = 'cross' | 'isolated';

/** Liquidation rules of a lending position: Aave v3.3 close factors, or all at once. */
export type LendingRules = 'aave-v3.3' | 'full';

/** `margin.accounts.<account>`: defaults for the account's contracts. */
export interface AccountMarginSpec {
  mode?: MarginMode;
  tiers?: ResolvedMarginTier[];
  basis?: MarginBasis;
}

/** Margin fields of a future/perpetual position. */
export interface ContractMarginSpec {
  tiers?: ResolvedMarginTier[];
  basis?: MarginBasis;
  /** Isolated margin assigned to the position, in `isolatedMarginToken`. */
  isolatedMargin?: number;
  /** Default: USD for linear contracts, the underlying coin for inverse ones. */
  isolatedMarginToken?: string;
}

/** Liquidation fields of a lending position. */
export interface LendingLiquidationSpec {
  /** Per supply (same order as `supplies`), undefined when not given. */
  liquidationBonuses: (number | undefined)[];
  protocolFee?: number;
  rules: LendingRules;
}

/** Everything `dte liquidations` reads beyond the portfolio spec. */
export interface MarginSpec {
  accounts: Record<string, AccountMarginSpec>;
  contracts: Record<string, ContractMarginSpec>;
  lending: Record<string, LendingLiquidationSpec>;
}

function readTiers(o: Json, ctx: ReadContext): ResolvedMarginTier[] | undefined {
  const rate = readOptionalNumber(o, 'maintenanceMarginRate', 'unit', ctx);
  const raw = o.marginTiers;
  if (raw !== undefined && raw !== null) {
    const list = asArray(raw, ctx, 'marginTiers').map((t, i): MarginTier => {
      const tctx = { ...ctx, path: `${ctx.path === '' ? '' : `${ctx.path}.`}marginTiers[${i}]` };
      const to = asObject(t, tctx);
      const cap = to.notionalUpTo;
      const amount = readOptionalNumber(to, 'maintenanceAmount', 'finite', tctx);
      return {
        notionalUpTo:
          cap === undefined || cap === null
            ? Number.POSITIVE_INFINITY
            : checkNumber(cap, 'positive', tctx, 'notionalUpTo'),
        maintenanceMarginRate: checkNumber(to.maintenanceMarginRate, 'unit', tctx, 'maintenanceMarginRate'),
        ...(amount === undefined ? {} : { maintenanceAmount: amount }),
      };
    });
    const prefix = ctx.positionId === undefined ? '' : `position "${ctx.positionId}": `;
    try {
      return resolveMarginTiers(list, `${ctx.path === '' ? '' : `${ctx.path}.`}marginTiers`);
    } catch (e) {
      if (e instanceof Error && prefix !== '') e.message = e.message.replace(': ', `: ${prefix}`);
      throw e;
    }
  }
  if (rate !== undefined) {
    if (rate >= 1) fail('OUT_OF_DOMAIN', ctx, 'maintenanceMarginRate', rate, 'must be < 1');
    return flatMarginTiers(rate);
  }
  return undefined;
}

function readBasis(o: Json, ctx: ReadContext): MarginBasis | undefined {
  const b = readOptionalString(o, 'marginBasis', ctx);
  if (b !== undefined && b !== 'mark' && b !== 'entry') {
    fail('UNSUPPORTED', ctx, 'marginBasis', b, 'must be one of mark | entry');
  }
  return b as MarginBasis | undefined;
}

function parseAccounts(raw: unknown): Record<string, AccountMarginSpec> {
  if (raw === undefined || raw === null) return {};
  const margin = asObject(raw, { path: '' }, 'margin');
  if (margin.accounts === undefined || margin.accounts === null) return {};
  const accounts = asObject(margin.accounts, { path: 'margin' }, 'accounts');
  const out: Record<string, AccountMarginSpec> = {};
  for (const [name, value] of Object.entries(accounts)) {
    const ctx = { path: `margin.accounts.${name}` };
    const o = asObject(value, ctx);
    const mode = readOptionalString(o, 'mode', ctx);
    if (mode !== undefined && mode !== 'cross' && mode !== 'isolated') {
      fail('UNSUPPORTED', ctx, 'mode', mode, 'must be one of cross | isolated');
    }
    const tiers = readTiers(o, ctx);
    const basis = readBasis(o, ctx);
    out[name] = {
      ...(mode === undefined ? {} : { mode: mode as MarginMode }),
      ...(tiers === undefined ? {} : { tiers }),
      ...(basis === undefined ? {} : { basis }),
    };
  }
  return out;
}

/**
 * Reads the liquidation fields of a portfolio document that the portfolio parser ignores
 * (documented in docs/liquidation.md): document `margin.accounts.<account>` {mode, maintenanceMarginRate
 * | marginTiers, marginBasis}; on futures/perpetuals `maintenanceMarginRate` | `marginTiers`,
 * `marginBasis`, `isolatedMargin`, `isolatedMarginToken`; on lending positions
 * `supplies[i].liquidationBonus` (>= 1), `liquidationProtocolFee` ([0, 1]), `liquidationRules`
 * (`aave-v3.3` | `full`).
 *
 * @param raw the document JSON as read (before `parsePortfolio`).
 * @param doc the validated document (same positions, same order).
 * @throws RiskInputError naming the field (`positions[i].marginTiers[2].maintenanceMarginRate`, ...),
 *   the position id and the value.
 */
export function parseMarginSpec(raw: unknown, doc: PortfolioDocument): MarginSpec {
  const root = asObject(raw, { path: '' });
  const spec: MarginSpec = { accounts: parseAccounts(root.margin), contracts: {}, lending: {} };
  const positions = asArray(root.positions, { path: '' }, 'positions');
  doc.positions.forEach((p, i) => {
    const ctx: ReadContext = { path: `positions[${i}]`, positionId: p.id };
    const o = asObject(positions[i], ctx);
    if ((p.kind === 'future' || p.kind === 'perpetual') && p.settlement !== 'quanto') {
      const tiers = readTiers(o, ctx);
      const basis = readBasis(o, ctx);
      const isolatedMargin = readOptionalNumber(o, 'isolatedMargin', 'nonNegative', ctx);
      const isolatedMarginToken = readOptionalString(o, 'isolatedMarginToken', ctx);
      spec.contracts[p.id] = {
        ...(tiers === undefined ? {} : { tiers }),
        ...(basis === undefined ? {} : { basis }),
        ...(isolatedMargin === undefined ? {} : { isolatedMargin }),
        ...(isolatedMarginToken === undefined ? {} : { isolatedMarginToken }),
      };
    } else if (p.kind === 'lending') {
      const rawSupplies =
        o.supplies === undefined || o.supplies === null ? [] : asArray(o.supplies, ctx, 'supplies');
      const liquidationBonuses = rawSupplies.map((s, j) => {
        const sctx = { ...ctx, path: `${ctx.path}.supplies[${j}]` };
        const bonus = readOptionalNumber(asObject(s, sctx), 'liquidationBonus', 'positive', sctx);
        if (bonus !== undefined && bonus < 1)
          fail('OUT_OF_DOMAIN', sctx, 'liquidationBonus', bonus, 'must be >= 1');
        return bonus;
      });
      const protocolFee = readOptionalNumber(o, 'liquidationProtocolFee', 'unit', ctx);
      const rules = readOptionalString(o, 'liquidationRules', ctx) ?? 'aave-v3.3';
      if (rules !== 'aave-v3.3' && rules !== 'full') {
        fail('UNSUPPORTED', ctx, 'liquidationRules', rules, 'must be one of aave-v3.3 | full');
      }
      spec.lending[p.id] = {
        liquidationBonuses,
        ...(protocolFee === undefined ? {} : { protocolFee }),
        rules: rules as LendingRules,
      };
    }
  });
  return spec;
}

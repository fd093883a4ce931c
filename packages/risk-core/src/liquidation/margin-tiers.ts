import { RiskInputError } from '../errors.ts';

/**
 * One maintenance-margin bracket (Binance "position bracket" / Bybit "risk limit tier"): it applies
 * to a position whose notional `N` (in the contract's margin currency: USD for linear contracts,
 * coin for inverse ones) is at most `notionalUpTo` and above the previous bracket's cap.
 * Maintenance margin `MM = N x maintenanceMarginRate - maintenanceAmount`.
 */
export interface MarginTier {
  /** Upper bound of the bracket (inclusive), margin currency; `Infinity` for the last one. */
  notionalUpTo: number;
  /** Maintenance margin rate in [0, 1). */
  maintenanceMarginRate: number;
  /** Maintenance amount ("cum"), margin currency; derived by `withMaintenanceAmounts` when absent. */
  maintenanceAmount?: number;
}

/** A validated bracket table: caps increasing, every maintenance amount present. */
export interface ResolvedMarginTier {
  notionalUpTo: number;
  maintenanceMarginRate: number;
  maintenanceAmount: number;
}

/**
 * Binance's maintenance-amount recurrence (Binance FAQ "How to Calculate Liquidation Price of
 * USDⓈ-M Futures Contracts", "Maintenance Amount formula"):
 * `cum_n = floor_n x (rate_n - rate_{n-1}) + cum_{n-1}`, where `floor_n` is the previous bracket's cap.
 * It makes `MM(N)` continuous across brackets.
 *
 * @param previousAmount `cum_{n-1}`.
 * @param floor `floor_n`, the notional where bracket `n` starts.
 * @param previousRate `rate_{n-1}`.
 * @param rate `rate_n`.
 */
export function nextMaintenanceAmount(
  previousAmount: number,
  floor: number,
  previousRate: number,
  rate: number,
): number {
  return floor * (rate - previousRate) + previousAmount;
}

/**
 * Validates a bracket table and fills in maintenance amounts. Either every bracket gives
 * `maintenanceAmount` (used as published) or none does (derived with `nextMaintenanceAmount`,
 * starting at 0). Caps must increase strictly; rates must lie in [0, 1).
 *
 * @param field dotted field name used in errors (e.g. `positions[2].marginTiers`).
 * @throws RiskInputError `MISSING_FIELD` (empty table, or only some amounts given),
 *   `INVALID_NUMBER` / `OUT_OF_DOMAIN` naming `field[i].<key>` and the value.
 */
export function resolveMarginTiers(tiers: readonly MarginTier[], field: string): ResolvedMarginTier[] {
  if (tiers.length === 0) throw new RiskInputError('MISSING_FIELD', field, tiers, 'needs at least one tier');
  const given = tiers.filter((t) => t.maintenanceAmount !== undefined).length;
  if (given !== 0 && given !== tiers.length) {
    throw new RiskInputError(
      'MISSING_FIELD',
      `${field}[${tiers.findIndex((t) => t.maintenanceAmount === undefined)}].maintenanceAmount`,
      undefined,
      'give maintenanceAmount for every tier or for none (then it is derived)',
    );
  }
  const out: ResolvedMarginTier[] = [];
  let previousCap = 0;
  let previousRate = 0;
  let previousAmount = 0;
  tiers.forEach((t, i) => {
    const cap = t.notionalUpTo;
    if (typeof cap !== 'number' || Number.isNaN(cap)) {
      throw new RiskInputError('INVALID_NUMBER', `${field}[${i}].notionalUpTo`, cap, 'must be a number');
    }
    if (!(cap > previousCap)) {
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        `${field}[${i}].notionalUpTo`,
        cap,
        `caps must increase strictly (previous ${previousCap})`,
      );
    }
    const rate = t.maintenanceMarginRate;
    if (typeof rate !== 'number' || !Number.isFinite(rate)) {
      throw new RiskInputError(
        'INVALID_NUMBER',
        `${field}[${i}].maintenanceMarginRate`,
        rate,
        'must be a finite number',
      );
    }
    if (rate < 0 || rate >= 1) {
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        `${field}[${i}].maintenanceMarginRate`,
        rate,
        'must be in [0, 1)',
      );
    }
    let amount: number;
    if (t.maintenanceAmount === undefined) {
      amount = i === 0 ? 0 : nextMaintenanceAmount(previousAmount, previousCap, previousRate, rate);
    } else {
      amount = t.maintenanceAmount;
      if (typeof amount !== 'number' || !Number.isFinite(amount)) {
        throw new RiskInputError(
          'INVALID_NUMBER',
          `${field}[${i}].maintenanceAmount`,
          amount,
          'must be a finite number',
        );
      }
    }
    out.push({ notionalUpTo: cap, maintenanceMarginRate: rate, maintenanceAmount: amount });
    previousCap = cap;
    previousRate = rate;
    previousAmount = amount;
  });
  return out;
}

/** A single-rate table (no brackets): `MM = N x rate`. */
export function flatMarginTiers(maintenanceMarginRate: number): ResolvedMarginTier[] {
  return [{ notionalUpTo: Number.POSITIVE_INFINITY, maintenanceMarginRate, maintenanceAmount: 0 }];
}

/**
 * The bracket that applies to notional `notional` (>= 0): the first whose cap is >= it; above the
 * last cap, the last bracket (venues refuse larger positions; we keep its rate).
 */
export function marginTierFor(tiers: readonly ResolvedMarginTier[], notional: number): ResolvedMarginTier {
  for (const t of tiers) if (notional <= t.notionalUpTo) return t;
  return tiers[tiers.length - 1] as ResolvedMarginTier;
}

/**
 * Maintenance margin of a notional: `N x rate - maintenanceAmount` of its bracket (margin currency).
 * Not floored: with amounts from `nextMaintenanceAmount` it is >= 0 and continuous in `N`.
 */
export function maintenanceMargin(tiers: readonly ResolvedMarginTier[], notional: number): number {
  const t = marginTierFor(tiers, notional);
  return notional * t.maintenanceMarginRate - t.maintenanceAmount;
}

import { RiskInputError } from '../errors.ts';

/**
 * Liquidation rules of an Aave-v3-style protocol. Defaults (`AAVE_V3_3_PARAMS`) are the constants
 * of aave-v3-origin `LiquidationLogic.sol` (v3.3): `DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5e4`,
 * `CLOSE_FACTOR_HF_THRESHOLD = 0.95e18`, `MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000e8` (USD),
 * `MIN_LEFTOVER_BASE = MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD / 2`.
 */
export interface AaveParams {
  /** Share of the total debt repayable in one call while HF > `fullCloseFactorHealthFactor` (0.5). */
  closeFactor: number;
  /** At or below this health factor the whole reserve debt may be repaid (0.95). */
  fullCloseFactorHealthFactor: number;
  /** Below this USD size of the collateral or the debt reserve, 100% may be repaid (2,000). */
  minBaseMaxCloseFactorUsd: number;
  /** A partial liquidation must leave at least this much debt and collateral, USD (1,000). */
  minLeftoverUsd: number;
  /** Share of the liquidation bonus kept by the protocol treasury, in [0, 1] (0 when unknown). */
  protocolFee: number;
}

/** Aave v3.3 constants (see `AaveParams`); protocol fee 0 (it is per reserve on chain). */
export const AAVE_V3_3_PARAMS: Readonly<AaveParams> = Object.freeze({
  closeFactor: 0.5,
  fullCloseFactorHealthFactor: 0.95,
  minBaseMaxCloseFactorUsd: 2000,
  minLeftoverUsd: 1000,
  protocolFee: 0,
});

/**
 * A protocol that liquidates the whole position at once (Compound III `absorb`, Maker/Sky vault
 * auctions): close factor 1 at any health factor, no size rules.
 */
export const FULL_LIQUIDATION_PARAMS: Readonly<AaveParams> = Object.freeze({
  closeFactor: 1,
  fullCloseFactorHealthFactor: 1,
  minBaseMaxCloseFactorUsd: 0,
  minLeftoverUsd: 0,
  protocolFee: 0,
});

/**
 * Validates liquidation parameters.
 * @param field dotted prefix used in errors.
 * @throws RiskInputError `INVALID_NUMBER` / `OUT_OF_DOMAIN` naming `field.<key>`.
 */
export function validateAaveParams(p: AaveParams, field: string): AaveParams {
  const check = (key: keyof AaveParams, ok: (v: number) => boolean, text: string) => {
    const v = p[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RiskInputError('INVALID_NUMBER', `${field}.${key}`, v, 'must be a finite number');
    }
    if (!ok(v)) throw new RiskInputError('OUT_OF_DOMAIN', `${field}.${key}`, v, text);
  };
  check('closeFactor', (v) => v > 0 && v <= 1, 'must be in (0, 1]');
  check('fullCloseFactorHealthFactor', (v) => v > 0 && v <= 1, 'must be in (0, 1]');
  check('minBaseMaxCloseFactorUsd', (v) => v >= 0, 'must be >= 0');
  check('minLeftoverUsd', (v) => v >= 0, 'must be >= 0');
  check('protocolFee', (v) => v >= 0 && v <= 1, 'must be in [0, 1]');
  return p;
}

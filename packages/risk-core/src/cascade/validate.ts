import { RiskInputError } from '../errors.ts';
import { validateAaveParams } from '../liquidation/aave-params.ts';
import { requireFinite, requireNonNegative, requirePositive } from '../math/guards.ts';
import type { CascadeScenario } from './types.ts';

function requireToken(scenario: CascadeScenario, field: string, token: string): void {
  if (scenario.prices[token] === undefined) {
    throw new RiskInputError('MISSING_MARKET_DATA', field, token, 'token has no price in prices');
  }
}

/**
 * Checks a scenario built in code (the JSON parser checks the same and more): every token priced,
 * prices/levels/notionals/depths > 0, shocks > -1, thresholds in [0, 1], bonuses >= 1, leverage
 * non-zero, options sane.
 *
 * @throws RiskInputError naming the field (`perps[2].levels[5]`, `shock.ETH`, ...) and the value.
 */
export function validateScenario(s: CascadeScenario): void {
  for (const [t, p] of Object.entries(s.prices)) requirePositive(`prices.${t}`, p);
  for (const [t, v] of Object.entries(s.shock)) {
    requireToken(s, `shock.${t}`, t);
    if (requireFinite(`shock.${t}`, v) <= -1) {
      throw new RiskInputError('OUT_OF_DOMAIN', `shock.${t}`, v, 'a relative move must be > -1');
    }
  }
  for (const [t, m] of Object.entries(s.impact)) {
    requireToken(s, `impact.${t}`, t);
    if (m.model !== 'none') requirePositive(`impact.${t}.depthUsd`, m.depthUsd);
  }
  s.spillover.forEach((x, i) => {
    requireToken(s, `spillover[${i}].from`, x.from);
    requireToken(s, `spillover[${i}].to`, x.to);
    requireFinite(`spillover[${i}].beta`, x.beta);
  });
  s.perps.forEach((g, i) => {
    requireToken(s, `perps[${i}].token`, g.token);
    if (g.levels.length !== g.notionalUsd.length) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `perps[${i}].notionalUsd`,
        g.notionalUsd.length,
        'one notional per level',
      );
    }
    for (let j = 0; j < g.levels.length; j++) {
      requirePositive(`perps[${i}].levels[${j}]`, g.levels[j]);
      requirePositive(`perps[${i}].notionalUsd[${j}]`, g.notionalUsd[j]);
    }
  });
  for (const [p, params] of Object.entries(s.lendingProtocols))
    validateAaveParams(params, `lendingProtocols.${p}`);
  s.lending.forEach((g, i) => {
    requireToken(s, `lending[${i}].collateral`, g.collateral);
    requireToken(s, `lending[${i}].debt`, g.debt);
    const lt = requirePositive(`lending[${i}].liquidationThreshold`, g.liquidationThreshold);
    if (lt > 1)
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        `lending[${i}].liquidationThreshold`,
        lt,
        'must be in (0, 1]',
      );
    if (requireFinite(`lending[${i}].liquidationBonus`, g.liquidationBonus) < 1) {
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        `lending[${i}].liquidationBonus`,
        g.liquidationBonus,
        'must be >= 1',
      );
    }
    g.positions.forEach((p, j) => {
      requireNonNegative(`lending[${i}].positions[${j}].collateralAmount`, p.collateralAmount);
      requireNonNegative(`lending[${i}].positions[${j}].debtAmount`, p.debtAmount);
    });
  });
  s.leveragedTokens.forEach((p, i) => {
    requireToken(s, `leveragedTokens[${i}].underlying`, p.underlying);
    if (requireFinite(`leveragedTokens[${i}].leverage`, p.leverage) === 0) {
      throw new RiskInputError('OUT_OF_DOMAIN', `leveragedTokens[${i}].leverage`, 0, 'must be non-zero');
    }
    requireNonNegative(`leveragedTokens[${i}].outstandingUsd`, p.outstandingUsd);
    requireNonNegative(`leveragedTokens[${i}].rebalanceThreshold`, p.rebalanceThreshold);
  });
  const o = s.options;
  if (!Number.isInteger(o.maxRounds) || o.maxRounds < 1) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'maxRounds', o.maxRounds, 'must be an integer >= 1');
  }
  requireNonNegative('flowToleranceUsd', o.flowToleranceUsd);
}

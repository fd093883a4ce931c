import { RiskInputError } from '../errors.ts';
import { binomialCdf } from '../stats/binomial.ts';

/** Basel backtesting zone. */
export type TrafficLightZone = 'green' | 'yellow' | 'red';

/** Result of {@link baselTrafficLight}. */
export interface TrafficLightResult {
  zone: TrafficLightZone;
  exceptions: number;
  observations: number;
  /** P(X <= exceptions) for X ~ Bin(observations, 1 - confidence). */
  cumulativeProbability: number;
  /** Increase of the capital multiplier (BCBS 1996 Table 2); only for 250 days at 99%, else null. */
  plusFactor: number | null;
}

/** Plus factors by number of exceptions out of 250 at 99%, BCBS (1996) Table 2 (index = exceptions, 10+ -> 1). */
const PLUS_FACTOR_250 = [0, 0, 0, 0, 0, 0.4, 0.5, 0.65, 0.75, 0.85, 1];

/**
 * Basel traffic-light zone of a VaR backtest, BCBS, "Supervisory framework for the use of
 * 'backtesting' in conjunction with the internal models approach to market risk capital
 * requirements", January 1996, Table 2: the yellow zone begins where P(X <= x) reaches 95% and the
 * red zone where it reaches 99.99%, X ~ Bin(T, 1 - confidence). For T = 250 at 99% that is green
 * 0-4, yellow 5-9, red 10+ exceptions, with the Table 2 plus factors.
 *
 * @param exceptions integer in [0, observations].
 * @param observations T (default 250).
 * @param confidence VaR confidence level (default 0.99).
 * @throws RiskInputError naming the field for an out-of-range input.
 */
export function baselTrafficLight(
  exceptions: number,
  observations = 250,
  confidence = 0.99,
): TrafficLightResult {
  if (!Number.isSafeInteger(observations) || observations < 1) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'observations', observations, 'must be an integer >= 1');
  }
  if (!Number.isSafeInteger(exceptions) || exceptions < 0 || exceptions > observations) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'exceptions',
      exceptions,
      `must be an integer in [0, ${observations}]`,
    );
  }
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'confidence', confidence, 'must be strictly between 0 and 1');
  }
  const cumulativeProbability = binomialCdf(exceptions, observations, 1 - confidence);
  const zone: TrafficLightZone =
    cumulativeProbability < 0.95 ? 'green' : cumulativeProbability < 0.9999 ? 'yellow' : 'red';
  const plusFactor =
    observations === 250 && confidence === 0.99
      ? (PLUS_FACTOR_250[Math.min(exceptions, 10)] as number)
      : null;
  return { zone, exceptions, observations, cumulativeProbability, plusFactor };
}

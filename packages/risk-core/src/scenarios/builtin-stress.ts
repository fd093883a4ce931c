import data from '../../data/stress-scenarios.json' with { type: 'json' };
import type { StressScenario, StressScenarioSet } from './stress-types.ts';

/**
 * The named historical stress scenarios derived from the real daily closes
 * (`data/stress-scenarios.json`, written by `scripts/derive-stress.ts`; see docs/risk-core.md).
 */
export const BUILTIN_STRESS: StressScenarioSet = data as StressScenarioSet;

/** Looks up a built-in scenario by name; `undefined` when unknown. */
export function builtinStress(name: string): StressScenario | undefined {
  return BUILTIN_STRESS.scenarios.find((s) => s.name === name);
}

export { RiskInputError } from './errors.ts';
export type { RiskInputErrorCode } from './errors.ts';

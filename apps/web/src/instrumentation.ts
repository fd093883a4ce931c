import { loadEnv } from './env.ts';

/** Runs once when the Next.js server starts: an invalid environment stops it with the variable's name. */
export function register(): void {
  loadEnv();
}

import { loadEnv } from './env.ts';

/**
 * Called once when the Next.js server starts (Node.js runtime only): an invalid environment prints
 * the error naming the variable and exits 1, instead of serving errors.
 */
export function checkEnvOrExit(): void {
  try {
    loadEnv();
  } catch (error) {
    process.stderr.write(`web: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

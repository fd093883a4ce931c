/** Runs once when the Next.js server starts: an invalid environment stops it with the variable's name. */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is a build-time constant set by Next.js per bundle (not configuration): this is the
  // documented way to keep Node-only code out of the Edge bundle.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkEnvOrExit } = await import('./check-env.node.ts');
    checkEnvOrExit();
  }
}

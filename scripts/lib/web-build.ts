import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of a file or of any file below a directory. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * True when `apps/web` has no production build, or a source file changed after the last build
 * (`.next/BUILD_ID` is written at the end of `next build`).
 */
export function webBuildNeeded(webDir: string): boolean {
  const buildId = join(webDir, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const inputs = ['src', 'next.config.ts', 'package.json', 'tsconfig.json'].map((name) => join(webDir, name));
  return inputs.some((input) => newestMtime(input) > built);
}

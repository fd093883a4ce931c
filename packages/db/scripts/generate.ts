/**
 * `pnpm db:generate`: `prisma generate` (Prisma client + Pothos types), offline.
 *
 * `prisma generate` does not run the native schema engine, but the CLI checks that its binary
 * exists and otherwise downloads it from Prisma's binary host, which is unreachable offline. When
 * PRISMA_SCHEMA_ENGINE_BINARY is unset we point it at a file that certainly exists (this Node
 * executable) so the check passes without a download. When it is set (a machine with the real
 * engine), it is left alone. Migrations never use the native engine here (scripts/migrate.ts uses
 * the WebAssembly engine). Works on a fresh clone: the output folders are created by Prisma.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { childProcessEnv, dbEnv } from '../src/env.ts';
import { PACKAGE_ROOT } from '../src/migrate/paths.ts';

const require = createRequire(import.meta.url);
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const overrides: Record<string, string> = { PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!dbEnv().PRISMA_SCHEMA_ENGINE_BINARY) overrides.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: PACKAGE_ROOT,
  stdio: 'inherit',
  env: childProcessEnv(overrides),
});
process.exitCode = result.status ?? 1;

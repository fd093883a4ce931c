/**
 * Runs the benchmarks of this package: every `bench/*.bench.ts`, in file-name order, one after the
 * other in this process. A bench module may export a default async function (awaited) or do its work
 * at import. Arguments filter by file name: `pnpm --filter @dte/risk-core bench black76`.
 * Benchmarks print figures; they are not tests.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) console.log(`no bench/*.bench.ts matches ${filters.join(' ')}`);
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const mod = (await import(new URL(file, import.meta.url).href)) as { default?: () => unknown };
  if (typeof mod.default === 'function') await mod.default();
}

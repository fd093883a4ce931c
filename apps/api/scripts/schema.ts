/**
 * `pnpm schema:print` writes the printed schema to apps/api/schema.graphql;
 * `pnpm schema:check` exits 1 when the committed file differs from what the code builds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printedSchema } from '../src/schema/index.ts';

const file = new URL('../schema.graphql', import.meta.url);
const printed = printedSchema();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // Missing file counts as out of date.
  }
  if (committed !== printed) {
    process.stderr.write(
      'schema:check: apps/api/schema.graphql is out of date with the code. Run `pnpm --filter @dte/api schema:print` and commit it.\n',
    );
    process.exit(1);
  }
  process.stdout.write('schema:check: apps/api/schema.graphql is up to date\n');
} else {
  writeFileSync(file, printed);
  process.stdout.write('schema:print: wrote apps/api/schema.graphql\n');
}

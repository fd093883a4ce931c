/**
 * `pnpm db:seed [--test] [--url <owner url>]`
 * Loads the instrument catalog, the bundled price history and the demo funds (see
 * docs/demo-data.md) into a migrated database. Idempotent: a second run writes nothing new.
 * Uses the owner connection (DATABASE_URL, or TEST_DATABASE_URL with --test): global catalog,
 * price and market rows are not writable by the application role, and a superuser bypasses
 * row-level security.
 */
import { parseArgs } from 'node:util';
import { createPrismaClient } from '../src/client.ts';
import { dbEnv, redactUrl } from '../src/env.ts';
import { CatalogValidationError } from '../src/seed/catalog.ts';
import { PriceFileError } from '../src/seed/prices.ts';
import { seedDemo } from '../src/seed/run.ts';
import { formatCounts } from '../src/seed/summary.ts';
import { runMain } from './cli.ts';

runMain(async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' }, test: { type: 'boolean' } } });
  const env = dbEnv();
  const url = values.url ?? (values.test ? env.TEST_DATABASE_URL : env.DATABASE_URL);
  console.log(`seeding ${redactUrl(url)}`);
  const db = createPrismaClient({ url, max: 4, applicationName: 'dte-seed' });
  const started = Date.now();
  try {
    const report = await seedDemo(db, { log: (line) => console.log(`  ${line}`) });
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; rows now:`);
    for (const line of formatCounts(report.counts)) console.log(`  ${line}`);
    return 0;
  } catch (error) {
    if (error instanceof CatalogValidationError || error instanceof PriceFileError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
});

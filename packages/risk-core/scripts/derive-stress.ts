/**
 * Derives the named historical stress scenarios from real daily closes.
 *
 * Usage: tsx scripts/derive-stress.ts <prices-daily.csv> [out.json]
 * Default output: data/stress-scenarios.json (next to this package).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveStressScenarios } from '../src/scenarios/derive-stress.ts';
import { parseDailyCloses } from '../src/scenarios/prices-csv.ts';
import type { StressScenarioSet } from '../src/scenarios/stress-types.ts';
import { STRESS_WINDOWS } from '../src/scenarios/stress-windows.ts';

const [csvPath, outArg] = process.argv.slice(2);
if (!csvPath) {
  process.stderr.write('usage: tsx scripts/derive-stress.ts <prices-daily.csv> [out.json]\n');
  process.exit(2);
}
const text = readFileSync(csvPath, 'utf8');
const set: StressScenarioSet = {
  source: {
    file: basename(csvPath),
    sha256: createHash('sha256').update(text).digest('hex'),
    description:
      'Real daily USD closes (Yahoo Finance via yfinance, repository budydeveloper/crypto-dataset at commit ' +
      '11840c507d8a8096c3689f48ab3dcbedfe816616); see the data README. Internal test/demo data, not licensed market data.',
    method:
      'Simple close-to-close returns close(to)/close(from) - 1 over UTC daily closes; dailyReturns day by day.',
  },
  scenarios: deriveStressScenarios(parseDailyCloses(text), STRESS_WINDOWS),
};
const out = outArg ?? resolve(dirname(fileURLToPath(import.meta.url)), '../data/stress-scenarios.json');
writeFileSync(out, `${JSON.stringify(set, null, 2)}\n`);
process.stdout.write(`wrote ${set.scenarios.length} scenarios to ${out}\n`);

/**
 * Monte Carlo VaR: `dte var` as a user runs it vs the numpy reference, on the benchmark book
 * bench/fixtures/var-1000.json (1,000 positions on BTC, ETH, SOL, BNB, XRP; 640 option positions on
 * 330 distinct contracts; flat vols; written by bench/var-fixture.ts), 100,000 paths, 1 day, 99%.
 *
 * Each round spawns, in the same run and one after the other:
 *   node bin/dte.mjs var FILE --paths 100000 --json                  (defaults: exact pricing, threads auto)
 *   node bin/dte.mjs var FILE --paths 100000 --json --pricing grid
 *   /usr/bin/python3 <repo>/../shared/bench/reference_numpy.py var FILE --paths 100000
 * and times the processes from spawn to exit (wall clock, start-up included; bin/dte.mjs runs the
 * bundled CLI when the bootstrap built it and it is fresh, else the sources through tsx, and the
 * figures say which). Then variants of dte (thread counts, 1,000,000 paths). Prints figures; this is
 * not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleIsFresh } from '../bin/bundle-freshness.mjs';

const PKG = fileURLToPath(new URL('../', import.meta.url));
const FILE = `${PKG}bench/fixtures/var-1000.json`;
const BIN = `${PKG}bin/dte.mjs`;
const SCRIPT = `${PKG}../../../shared/bench/reference_numpy.py`;
const PATHS = 100_000;
const ROUNDS = 3;

interface Run {
  seconds: number;
  var: number;
  es: number;
  stdErrVar: number;
}

function timed(cmd: string, args: string[]): Run | string {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: PKG, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) return `failed (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
  const out = JSON.parse(
    r.stdout.trim().split('\n').pop() === '}' ? r.stdout : (r.stdout.trim().split('\n').pop() as string),
  );
  return { seconds, var: out.var, es: out.es, stdErrVar: out.stdErrVar };
}

const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)}: ${value}`);

export default async function main(): Promise<void> {
  console.log(`  book: ${FILE.replace(PKG, '')}, ${PATHS.toLocaleString('en-US')} paths, 1-day 99% VaR`);
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(
    `  machine: ${availableParallelism()} cores, load average ${load()} (other jobs share the machine)`,
  );
  const bundled = bundleIsFresh(pathToFileURL(`${PKG}dist/cli/`), pathToFileURL(PKG));
  console.log(
    `  dte runs ${bundled ? 'the bundled CLI (dist/cli)' : 'the TypeScript sources through tsx (no fresh bundle: pnpm --filter @dte/risk-core build:cli)'}`,
  );
  const reference = existsSync(SCRIPT) && existsSync('/usr/bin/python3');
  if (!reference) console.log(`  reference skipped: ${SCRIPT} or /usr/bin/python3 missing`);
  const ratios: number[] = [];
  const gridRatios: number[] = [];
  for (let k = 1; k <= ROUNDS; k++) {
    const ours = timed(process.execPath, [BIN, 'var', FILE, '--paths', String(PATHS), '--json']);
    const grid = timed(process.execPath, [
      BIN,
      'var',
      FILE,
      '--paths',
      String(PATHS),
      '--json',
      '--pricing',
      'grid',
    ]);
    const ref = reference
      ? timed('/usr/bin/python3', [SCRIPT, 'var', FILE, '--paths', String(PATHS)])
      : 'skipped';
    for (const [label, r] of [
      ['dte var (exact, default)', ours],
      ['dte var --pricing grid', grid],
    ] as const) {
      line(
        `round ${k} ${label}`,
        typeof r === 'string'
          ? r
          : `${fmt(r.seconds, 2)} s  VaR ${fmt(r.var)} +- ${fmt(r.stdErrVar)}  ES ${fmt(r.es)}`,
      );
    }
    if (typeof ref === 'string') {
      line(`round ${k} numpy reference`, ref);
      continue;
    }
    line(
      `round ${k} numpy reference (wall)`,
      `${fmt(ref.seconds, 2)} s  VaR ${fmt(ref.var)} +- ${fmt(ref.stdErrVar)}  ES ${fmt(ref.es)}`,
    );
    if (typeof ours !== 'string') {
      const z = Math.abs(ours.var - ref.var) / Math.hypot(ours.stdErrVar, ref.stdErrVar);
      ratios.push(ref.seconds / ours.seconds);
      line(
        `round ${k} ratio reference / dte exact; agreement`,
        `${fmt(ref.seconds / ours.seconds, 1)}x; |dVaR| = ${fmt(z, 2)} combined standard errors (${z <= 3 ? 'within' : 'NOT within'} 3)`,
      );
    }
    if (typeof grid !== 'string') {
      gridRatios.push(ref.seconds / grid.seconds);
      line(`round ${k} ratio reference / dte grid`, `${fmt(ref.seconds / grid.seconds, 1)}x`);
    }
  }
  line('load average after the rounds', load());
  const median = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(x.length / 2)] as number;
  if (ratios.length > 0) line('ratio exact, median of rounds', `${fmt(median(ratios), 1)}x`);
  if (gridRatios.length > 0) line('ratio grid, median of rounds', `${fmt(median(gridRatios), 1)}x`);
  for (const [label, extra] of [
    ['dte var --threads 2 (workers started eagerly)', ['--threads', '2']],
    ['dte var --threads 1', ['--threads', '1']],
    ['dte var --paths 1000000 (threads auto)', ['--paths', '1000000']],
    ['dte var --paths 1000000 --threads 1', ['--paths', '1000000', '--threads', '1']],
  ] as const) {
    const args = [BIN, 'var', FILE, '--paths', String(PATHS), '--json', ...extra];
    const r = timed(process.execPath, args);
    line(
      label,
      typeof r === 'string' ? r : `${fmt(r.seconds, 2)} s  VaR ${fmt(r.var)} +- ${fmt(r.stdErrVar)}`,
    );
  }
}

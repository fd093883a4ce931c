import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PKG, smallOptionsDoc } from './helpers.ts';

const BIN = `${PKG}bin/dte.mjs`;
/** Spawning node + tsx takes about a second on the 2-core machines (more when loaded). */
const SPAWN_TIMEOUT_MS = 60_000;

function dte(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: PKG,
    timeout: SPAWN_TIMEOUT_MS,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'dte-var-cli-'));
const FILE = join(dir, 'book.json');
writeFileSync(FILE, JSON.stringify(smallOptionsDoc()));

describe('dte var / dte backtest (spawned)', { timeout: SPAWN_TIMEOUT_MS * 3 }, () => {
  it('var --json: var, es, stdErrVar, paths and contributions by token and account; two confidences', () => {
    const r = dte(['var', FILE, '--paths', '20000', '--confidence', '0.99,0.95', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.paths).toBe(20_000);
    expect(out.confidence).toBe(0.99);
    expect(out.var).toBe(out.levels[0].var);
    expect(out.stdErrVar).toBeGreaterThan(0);
    expect(out.levels.map((l: { confidence: number }) => l.confidence)).toEqual([0.99, 0.95]);
    expect(Object.keys(out.levels[0].contributions.var.byToken)).toEqual(['BTC', 'ETH']);
    expect(Object.keys(out.levels[0].contributions.es.byAccount)).toContain('okx');
    expect(out.details.seed).toBe(7);
  });

  it('the thread count does not change the printed result', () => {
    const args = ['var', FILE, '--paths', '24000', '--stream-paths', '2000', '--json'];
    const one = JSON.parse(dte([...args, '--threads', '1']).stdout);
    const two = JSON.parse(dte([...args, '--threads', '2']).stdout);
    expect(two.details.threads).toBe(2);
    expect(two.levels).toEqual(one.levels);
  });

  it('historical, delta-normal and delta-gamma print their tables', () => {
    for (const m of ['historical', 'delta-normal', 'delta-gamma']) {
      const r = dte(['var', FILE, '--method', m, '--as-of', '2024-12-31']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/VaR\/ES/);
      expect(r.stdout).toMatch(/contributions at 99.0%/);
    }
  });

  it('invalid input exits 2 naming the field', () => {
    const h = dte(['var', FILE, '--horizon', '0']);
    expect(h.status).toBe(2);
    expect(h.stderr).toMatch(/horizonDays.*> 0/);
    const c = dte(['var', FILE, '--confidence', '0.99,1.5', '--method', 'delta-normal']);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/confidences\[1\]/);
  });

  it('backtest: the real BTC/ETH backtest as JSON', () => {
    const r = dte(['backtest', '--json', '--window', '250', '--holdings', 'BTC=2000000,ETH=-500000']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.window).toBe(250);
    expect(out.holdings).toEqual({ BTC: 2_000_000, ETH: -500_000 });
    expect(out.series).toHaveLength(4);
  });
});

describe('dte backtest table (in process)', () => {
  it('prints one row per model and confidence with the test statistics', async () => {
    const { backtestCommand } = await import('../../src/cli/commands/backtest.ts');
    let out = '';
    await backtestCommand.run(['--window', '500'], {
      readStdin: async () => '',
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
      env: {},
      cwd: PKG,
    });
    expect(out).toMatch(/window 500 days; 2019-05-26\.\.2025-02-19 \(2097 days\)/);
    expect(out.match(/^(historical|ewma-normal) /gm)).toHaveLength(4);
    expect(out).toMatch(/Kupiec LR/);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PKG = fileURLToPath(new URL('../../', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = `${PKG}bin/dte.mjs`;
const FIX = `${PKG}test/fixtures/`;
/** Spawning node + tsx takes about a second on the 2-core machines. */
const SPAWN_TIMEOUT_MS = 60_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function dte(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    cwd: PKG,
    timeout: SPAWN_TIMEOUT_MS,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fixture = (name: string) => JSON.parse(readFileSync(`${FIX}${name}`, 'utf8'));

describe('dte CLI (spawned)', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('price: JSON array in, JSON array out in the same order; coin view for inverse', () => {
    const input = JSON.stringify([
      { type: 'call', forward: 91_600, strike: 100_000, expiryYears: 31 / 365, vol: 0.58, rate: 0 },
      {
        type: 'call',
        settlement: 'inverse',
        forward: 91_600,
        strike: 100_000,
        expiryYears: 31 / 365,
        vol: 0.58,
        rate: 0,
      },
    ]);
    const r = dte(['price'], input);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(2);
    // QuantLib 1.29 BlackCalculator value for this option: 3099.95697678539 (relative 1e-9).
    expect(Math.abs(out[0].price - 3099.95697678539)).toBeLessThan(1e-9 * 3100);
    expect(out[0].coinPrice).toBeUndefined();
    expect(out[1].coinPrice).toBeCloseTo(out[1].price / 91_600, 15);
    expect(out[1].coinDelta).toBeCloseTo(out[1].delta - out[1].price / 91_600, 15);
  });

  it('price: invalid element -> exit 2 naming index, field and value', () => {
    const r = dte(
      ['price'],
      JSON.stringify([{ type: 'call', forward: 100, strike: 100, expiryYears: 1, vol: -0.2, rate: 0 }]),
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('[0].vol');
    expect(r.stderr).toContain('-0.2');
  });

  it('iv: round-trips a price to its vol; per-element errors for no solution and invalid values', () => {
    const input = JSON.stringify([
      // Price of F = K = 100, T = 1, vol 0.2, r = 0 (QuantLib BlackCalculator: 7.965567455405804).
      { type: 'call', forward: 100, strike: 100, expiryYears: 1, rate: 0, price: 7.965567455405804 },
      { type: 'put', forward: 100, strike: 100, expiryYears: 1, rate: 0, price: 200 },
      { type: 'call', forward: 100, strike: 100, expiryYears: 1, rate: 0 },
    ]);
    const r = dte(['iv'], input);
    expect(r.status).toBe(0);
    const [ok, noSolution, missing] = JSON.parse(r.stdout);
    expect(Math.abs(ok.vol - 0.2)).toBeLessThan(1e-12);
    expect(noSolution).toMatchObject({ code: 'NO_SOLUTION' });
    expect(noSolution.error).toContain('[1].price');
    expect(missing).toMatchObject({ code: 'MISSING_FIELD' });
    expect(missing.error).toContain('[2].price');
    expect(dte(['iv'], 'not json').status).toBe(2);
  });

  it('exposure --json: per position and aggregates of the spec example', () => {
    const r = dte(['exposure', `${FIX}spec-example.json`, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.positions.map((p: { id: string }) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    const p2 = out.positions[1];
    expect(p2.legs[0].deltaTokens).toBeCloseTo(-50_000 / 90_500, 12);
    const btc = out.aggregates.underlying.find(
      (g: { key: { underlying: string } }) => g.key.underlying === 'BTC',
    );
    expect(btc.tokens[0].deltaTokens).toBeCloseTo(
      out.positions
        .filter((p: { underlying: string }) => p.underlying === 'BTC')
        .reduce((a: number, p: { legs: { deltaTokens: number }[] }) => a + (p.legs[0]?.deltaTokens ?? 0), 0),
      9,
    );
    expect(Object.keys(out.aggregates)).toEqual(['underlying', 'fund', 'account', 'venue', 'bucket']);
  });

  it('exposure reads stdin and prints tables by default', () => {
    const r = dte(['exposure'], readFileSync(`${FIX}all-kinds.json`, 'utf8'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== by underlying ==');
    expect(r.stdout).toContain('aave-main');
    expect(r.stdout).toContain('USDC (stable)');
  });

  it('a malformed document -> exit 2, stderr names the position id, field and value', () => {
    const doc = fixture('spec-example.json');
    doc.positions[1].contractSize = -10;
    const r = dte(['exposure'], JSON.stringify(doc));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('positions[1].contractSize');
    expect(r.stderr).toContain('position "p2"');
    expect(r.stderr).toContain('-10');
    expect(r.stdout).toBe('');
  });

  it('invalid JSON and a missing file -> exit 2', () => {
    expect(dte(['exposure'], '{"valuationTime": ').status).toBe(2);
    const missing = dte(['exposure', '/nonexistent/x.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/x.json');
  });

  it('scenarios --json with user axes, a stress and a shock', () => {
    const r = dte([
      'scenarios',
      `${FIX}spec-example.json`,
      '--spot',
      '-0.3:0.3:13',
      '--vol',
      '0',
      '--extended',
      'none',
      '--stress',
      'covid-2020-03-12',
      '--shock',
      'BTC=-0.5',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.grid.spotMoves).toHaveLength(13);
    expect(out.grid.cells).toHaveLength(13);
    expect(out.grid.extended).toEqual([]);
    expect(out.stress.map((s: { name: string }) => s.name)).toEqual(['covid-2020-03-12', 'shock-1']);
    // Spot BTC p5: 12.5 x 91,000 x (-37.17%) on 12 Mar 2020 (data README: BTC -37.2%).
    expect(out.stress[0].byPosition.p5 / (12.5 * 91_000)).toBeCloseTo(-0.372, 3);
  });

  it('scenarios: unknown stress name and bad axis -> exit 2', () => {
    const a = dte(['scenarios', `${FIX}spec-example.json`, '--stress', 'nope']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('unknown scenario "nope"');
    const b = dte(['scenarios', `${FIX}spec-example.json`, '--spot', '-1.2:0:3']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--spot');
  });

  it('hedge --with BTC:inverse-perp:10: whole contracts, residual within half a contract', () => {
    const r = dte(['hedge', `${FIX}spec-example.json`, '--with', 'BTC:inverse-perp:10', '--json']);
    expect(r.status).toBe(0);
    const [h] = JSON.parse(r.stdout).hedges;
    expect(Number.isInteger(h.contracts)).toBe(true);
    expect(Math.abs(h.residual.deltaUsd)).toBeLessThanOrEqual(5);
    expect(dte(['hedge', `${FIX}spec-example.json`]).status).toBe(2);
    expect(dte(['hedge', `${FIX}spec-example.json`, '--with', 'BTC:swap:1']).stderr).toContain('with.kind');
  });

  it('--help per command, unknown command -> exit 2', () => {
    for (const c of ['price', 'iv', 'exposure', 'scenarios', 'hedge']) {
      const r = dte([c, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`dte ${c}`);
    }
    expect(dte(['--help']).stdout).toContain('scenarios');
    expect(dte(['frobnicate']).status).toBe(2);
  });

  it.skipIf(!existsSync('/usr/bin/pnpm'))(
    'pnpm --silent dte price from the repo root prints only the JSON',
    () => {
      const r = spawnSync('pnpm', ['--silent', 'dte', 'price'], {
        cwd: ROOT,
        input: JSON.stringify([
          { type: 'put', forward: 100, strike: 100, expiryYears: 1, vol: 0.2, rate: 0 },
        ]),
        encoding: 'utf8',
        timeout: SPAWN_TIMEOUT_MS,
      });
      expect(r.status).toBe(0);
      expect(r.stdout.trim().startsWith('[')).toBe(true);
      expect(JSON.parse(r.stdout)).toHaveLength(1);
    },
  );
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PKG = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${PKG}bin/dte.mjs`;
const EX = `${PKG}examples/`;
/** Spawning node + tsx takes about a second on the 2-core machines. */
const SPAWN_TIMEOUT_MS = 60_000;
/** Venues publish liquidation prices to the cent. */
const CENT = 0.005;

function dte(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    cwd: PKG,
    timeout: SPAWN_TIMEOUT_MS,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const example = (name: string) => JSON.parse(readFileSync(`${EX}${name}`, 'utf8'));

describe('dte liquidations / cascade (spawned)', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('liquidations --json: the Binance FAQ cross example, lending trigger, reasons', () => {
    const r = dte(['liquidations', `${EX}liquidations.json`, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const byId = new Map(out.positions.map((p: { id: string }) => [p.id, p]));
    // Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts": 26,316.89 / 1,153.26.
    expect(
      Math.abs((byId.get('btcusdt') as { liquidationPrice: number }).liquidationPrice - 26_316.89),
    ).toBeLessThan(CENT);
    expect(
      Math.abs((byId.get('ethusdt') as { liquidationPrice: number }).liquidationPrice - 1_153.26),
    ).toBeLessThan(CENT);
    expect((byId.get('aave-eth') as { liquidationPrice: number }).liquidationPrice).toBeCloseTo(
      800_000 / 830,
      9,
    );
    expect((byId.get('cold-btc') as { reason: string }).reason).toContain('spot');
    expect(out.accounts[0].account).toBe('binance-um');
  });

  it('liquidations prints tables by default (stdin input)', () => {
    const r = dte(['liquidations'], readFileSync(`${EX}liquidations.json`, 'utf8'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== liquidation prices at 2026-11-24T08:00:00Z');
    expect(r.stdout).toContain('26,316.89');
    expect(r.stdout).toContain('== lending triggers');
    expect(r.stdout).toContain('== no liquidation price ==');
  });

  it('liquidations: invalid margin field -> exit 2 naming position, field and value', () => {
    const doc = example('liquidations.json');
    doc.positions[2].marginTiers = [{ maintenanceMarginRate: 1.5 }];
    const r = dte(['liquidations'], JSON.stringify(doc));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('positions[2].marginTiers[0].maintenanceMarginRate');
    expect(r.stderr).toContain('position "ethusdt"');
    expect(r.stderr).toContain('1.5');
  });

  it('cascade --json on the October 2025 example: amplified moves, fund positions liquidated, stable end', () => {
    const r = dte(['cascade', `${EX}cascade-oct-2025.json`, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.termination).toBe('stable');
    expect(out.rounds.length).toBeGreaterThan(1);
    expect(out.finalPrices.BTC).toBeLessThan(out.shockedPrices.BTC);
    expect(out.leadAmplification).toBeGreaterThan(1);
    expect(out.totals.byProtocol['aave-v3']).toBeGreaterThan(0);
    const ids = out.fundLiquidated.map((f: { id: string }) => f.id);
    expect(ids).toContain('bybit-sol-perp');
    expect(ids).not.toContain('cold-btc');
    // Each round's prices are where the previous one left them.
    for (let k = 1; k < out.rounds.length; k++)
      expect(out.rounds[k].prices).toEqual(out.rounds[k - 1].pricesAfter);
  });

  it('cascade tables; --shock overrides; no shock -> no round', () => {
    const r = dte(['cascade', `${EX}cascade-oct-2025.json`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== rounds');
    expect(r.stdout).toContain('hyperliquid');
    const calm = dte(['cascade', `${EX}cascade-oct-2025.json`, '--shock', 'BTC=0,ETH=0,SOL=0', '--json']);
    expect(calm.status).toBe(0);
    expect(JSON.parse(calm.stdout).rounds).toEqual([]);
  });

  it('cascade: portfolio given as a path relative to the scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dte-cascade-'));
    const scenario = example('cascade-oct-2025.json');
    writeFileSync(join(dir, 'book.json'), JSON.stringify(scenario.portfolio));
    scenario.portfolio = 'book.json';
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
    const r = dte(['cascade', join(dir, 'scenario.json'), '--json', '--max-rounds', '2']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).rounds.length).toBeLessThanOrEqual(2);
  });

  it('cascade: invalid scenario or option -> exit 2 naming field and value', () => {
    const scenario = example('cascade-oct-2025.json');
    scenario.lending[1].hfBuckets[0][0] = -1.05;
    const r = dte(['cascade', '-'], JSON.stringify(scenario));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('lending[1].hfBuckets[0][0]');
    expect(r.stderr).toContain('-1.05');
    const bad = dte(['cascade', `${EX}cascade-oct-2025.json`, '--shock', 'BTC=-2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--shock');
    expect(dte(['cascade']).status).toBe(2);
  });

  it('--help lists both commands', () => {
    const r = dte(['--help']);
    expect(r.stdout).toContain('liquidations');
    expect(r.stdout).toContain('cascade');
    expect(dte(['cascade', '--help']).stdout).toContain('dte cascade');
    expect(dte(['liquidations', '--help']).stdout).toContain('dte liquidations');
  });
});

/**
 * Liquidation-cascade throughput: 100,000 liquidatable positions across 5 tokens, 3 lending
 * protocols and 3 perp venues (50,000 perp liquidation levels, 50,000 lending positions, 10% of
 * them cross-token), 50 rounds max, square-root impact. Timed in process: `simulateCascade` from
 * the scenario object (building the sorted books and heaps included), best of 5 after a warm-up.
 * Goal: <= 200 ms on the 2-core machine. Prints figures; this is not a test.
 */
import { DEFAULT_CASCADE_OPTIONS } from '../src/cascade/parse-scenario.ts';
import { simulateCascade } from '../src/cascade/simulate.ts';
import type { CascadeResult, CascadeScenario, LendingGroup, PerpLevels } from '../src/cascade/types.ts';
import { AAVE_V3_3_PARAMS, FULL_LIQUIDATION_PARAMS } from '../src/liquidation/aave-params.ts';

const POSITIONS = 100_000;
const REPEATS = 5;
const GOAL_MS = 200;
const TOKENS = { BTC: 100_000, ETH: 4_000, SOL: 200, BNB: 1_000, XRP: 2.5 } as const;
const VENUES = ['binance', 'bybit', 'hyperliquid'];
const PROTOCOLS = ['aave-v3', 'spark', 'morpho-blue'];

/** Deterministic uniform [0, 1) generator (mulberry32), seeded. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scenario(shockScale: number): CascadeScenario {
  const u = uniform(20251010);
  const tokens = Object.keys(TOKENS) as (keyof typeof TOKENS)[];
  // 50,000 perp levels: (token, venue, side) round robin, 1% to 40% away from the price.
  const books = new Map<string, PerpLevels & { levels: number[]; notionalUsd: number[] }>();
  for (let i = 0; i < POSITIONS / 2; i++) {
    const t = tokens[i % tokens.length] as keyof typeof TOKENS;
    const venue = VENUES[Math.floor(i / tokens.length) % VENUES.length] as string;
    const side = Math.floor(i / (tokens.length * VENUES.length)) % 2 === 0 ? 'long' : 'short';
    const key = `${venue}:${t}:${side}`;
    let g = books.get(key);
    if (!g) {
      g = { venue, token: t, side, levels: [], notionalUsd: [] };
      books.set(key, g);
    }
    const move = 0.01 + 0.39 * u();
    g.levels.push(TOKENS[t] * (side === 'long' ? 1 - move : 1 + move));
    g.notionalUsd.push(1e4 + 2e6 * u() ** 3);
  }
  const perps = [...books.values()];
  // 50,000 lending positions: (token, protocol) round robin, every tenth one borrows another token.
  const groups = new Map<
    string,
    LendingGroup & { positions: { collateralAmount: number; debtAmount: number }[] }
  >();
  for (let i = 0; i < POSITIONS / 2; i++) {
    const t = tokens[i % tokens.length] as keyof typeof TOKENS;
    const protocol = PROTOCOLS[Math.floor(i / tokens.length) % PROTOCOLS.length] as string;
    const debt = i % 10 === 9 ? (t !== 'BTC' ? 'BTC' : 'ETH') : 'USDC';
    const key = `${protocol}:${t}:${debt}`;
    const lt = protocol === 'morpho-blue' ? 0.86 : 0.8;
    let g = groups.get(key);
    if (!g) {
      g = { protocol, collateral: t, debt, liquidationThreshold: lt, liquidationBonus: 1.05, positions: [] };
      groups.set(key, g);
    }
    const hf = 1.001 + 0.6 * u();
    const collUsd = 1e3 + 5e6 * u() ** 4;
    g.positions.push({
      collateralAmount: collUsd / TOKENS[t],
      debtAmount: (collUsd * lt) / hf / (debt === 'USDC' ? 1 : TOKENS[debt as keyof typeof TOKENS]),
    });
  }
  const lending = [...groups.values()];
  return {
    name: 'bench-100k',
    prices: { ...TOKENS, USDC: 1 },
    stablecoins: ['USDC'],
    shock: {
      BTC: -0.06 * shockScale,
      ETH: -0.07 * shockScale,
      SOL: -0.08 * shockScale,
      BNB: -0.06 * shockScale,
      XRP: -0.08 * shockScale,
    },
    impact: Object.fromEntries(tokens.map((t) => [t, { model: 'sqrt' as const, depthUsd: 3e7 }])),
    spillover: [{ from: 'BTC', to: 'ETH', beta: 0.3 }],
    perps,
    lendingProtocols: {
      'aave-v3': AAVE_V3_3_PARAMS,
      spark: AAVE_V3_3_PARAMS,
      'morpho-blue': FULL_LIQUIDATION_PARAMS,
    },
    lending,
    leveragedTokens: tokens.map((t) => ({
      underlying: t,
      leverage: 3,
      outstandingUsd: 5e7,
      rebalanceThreshold: 0,
    })),
    options: { ...DEFAULT_CASCADE_OPTIONS, maxRounds: 50 },
  };
}

const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)}: ${value}`);

function measure(label: string, s: CascadeScenario): void {
  const count =
    s.perps.reduce((a, g) => a + g.levels.length, 0) + s.lending.reduce((a, g) => a + g.positions.length, 0);
  // Warm-up: let the JIT compile the loops.
  for (let k = 0; k < 2; k++) simulateCascade(s);
  let best = Number.POSITIVE_INFINITY;
  let result: CascadeResult | undefined;
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    result = simulateCascade(s);
    best = Math.min(best, performance.now() - t0);
  }
  const r = result as CascadeResult;
  console.log(`  ${label}`);
  line('positions (perp levels + lending)', fmt(count, 0));
  line('rounds (max 50), termination', `${r.rounds.length}, ${r.termination}`);
  line(
    'perp levels / lending events liquidated',
    `${fmt(r.totals.perpLevels, 0)} / ${fmt(r.totals.lendingPositions, 0)}`,
  );
  line(
    'liquidated, bad debt',
    `${fmt(r.totals.liquidatedUsd / 1e9, 2)} B USD, ${fmt(r.totals.badDebtUsd / 1e6, 1)} M USD`,
  );
  line('lead amplification', fmt(r.leadAmplification ?? Number.NaN, 2));
  line(
    `simulateCascade, best of ${REPEATS}`,
    `${fmt(best, 1)} ms (goal <= ${GOAL_MS} ms: ${best <= GOAL_MS ? 'met' : 'MISSED'})`,
  );
}

/** Runs the benchmark and prints its figures. */
export default async function run(): Promise<void> {
  measure('shock -6% to -8%:', scenario(1));
  measure('shock -18% to -24% (most positions reached):', scenario(3));
}

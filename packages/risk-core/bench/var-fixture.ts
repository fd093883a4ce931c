/**
 * Writes the Monte Carlo VaR benchmark portfolio `bench/fixtures/var-1000.json` reproducibly:
 *
 *   npx tsx packages/risk-core/bench/var-fixture.ts [PRICES_CSV]
 *   npx biome format --write packages/risk-core/bench/fixtures
 *
 * 1,000 positions on 5 tokens (BTC, ETH, SOL, BNB, XRP), only the kinds the numpy reference
 * (`shared/bench/reference_numpy.py var`) models: spot, linear and inverse futures and perpetuals,
 * European options (linear and inverse) with flat vols. 640 option positions on 330 distinct
 * contracts (every contract held at least once, the rest repeats in other accounts), 360 delta-one
 * positions, 8 accounts. Market: spots = the real closes of 2025-02-19 in prices-daily.csv,
 * `market.covariance` = EWMA (lambda 0.94, normalized) of the real daily log returns of the 500
 * days to 2025-02-19, some quoted forwards, rate 2%. Random choices use the Philox stream
 * (seed 20250220, chunk 0), so the file is the same on every machine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhiloxStream } from '../src/rng/stream.ts';
import { parseDailyCloses } from '../src/scenarios/prices-csv.ts';
import { ewmaCovariance } from '../src/stats/ewma.ts';
import { matrixToRows } from '../src/stats/matrix.ts';
import { logReturns } from '../src/stats/returns.ts';

const TOKENS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP'] as const;
const LAST = '2025-02-19';
const FROM = '2023-10-08'; // 501 closes -> 500 returns to LAST
const VALUATION = '2025-02-20T08:00:00Z';
const EXPIRIES = [
  '2025-02-22T08:00:00Z',
  '2025-02-28T08:00:00Z',
  '2025-03-07T08:00:00Z',
  '2025-03-28T08:00:00Z',
  '2025-04-25T08:00:00Z',
  '2025-06-27T08:00:00Z',
  '2025-09-26T08:00:00Z',
];
const VOLS: Record<string, number> = { BTC: 0.55, ETH: 0.72, SOL: 0.9, BNB: 0.6, XRP: 1.0 };
const ACCOUNTS = ['deribit-a', 'deribit-b', 'okx', 'binance-um', 'binance-cm', 'bybit', 'cold', 'otc'];
const RATE = 0.02;

const here = fileURLToPath(new URL('.', import.meta.url));
const csvPath = process.argv[2] ?? `${here}../../db/data/prices-daily.csv`;
const closes = parseDailyCloses(readFileSync(csvPath, 'utf8'));
const series = TOKENS.map((token) => {
  const rows = closes.filter((r) => r.token === token && r.date >= FROM && r.date <= LAST);
  return { token, dates: rows.map((r) => r.date), prices: rows.map((r) => r.close) };
});
const spot = Object.fromEntries(series.map((s) => [s.token, s.prices[s.prices.length - 1] as number]));
const returns = logReturns(series, { gaps: 'error', maxSpanDays: 1 });
const cov = ewmaCovariance(returns.returns, { lambda: 0.94 }).covariance;

const rng = new PhiloxStream(20250220, 0);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)] as T;
const round = (x: number, digits: number) => Number(x.toPrecision(digits));

// Distinct contracts: per token, expiries x strike grid x call/put, 66 per token = 330.
interface Contract {
  underlying: string;
  optionType: 'call' | 'put';
  strike: number;
  expiry: string;
  settlement: 'linear' | 'inverse';
}
const contracts: Contract[] = [];
const MONEYNESS = [0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25];
for (const token of TOKENS) {
  const s = spot[token] as number;
  const made = new Set<string>();
  while (made.size < 66) {
    const expiry = pick(EXPIRIES);
    const m = pick(MONEYNESS) * (1 + 0.02 * (rng.uniform() - 0.5));
    const strike = round(s * m, 3);
    const optionType = rng.uniform() < 0.5 ? 'call' : 'put';
    const key = `${expiry}|${strike}|${optionType}`;
    if (made.has(key)) continue;
    made.add(key);
    const settlement = token === 'BTC' || token === 'ETH' ? 'inverse' : 'linear';
    contracts.push({ underlying: token, optionType, strike, expiry, settlement });
  }
}

const positions: Record<string, unknown>[] = [];
const add = (p: Record<string, unknown>) => positions.push({ id: `p${positions.length + 1}`, ...p });
// Option sizes: about 0.5-5 % of a 10 M USD book per position, in whole contracts of 1 token.
const optionQuantity = (token: string) => {
  const units = Math.max(1, Math.round((20_000 + rng.uniform() * 200_000) / (spot[token] as number)));
  return rng.uniform() < 0.45 ? -units : units;
};
const optionsOrder = [...contracts, ...Array.from({ length: 310 }, () => pick(contracts))];
for (const c of optionsOrder) {
  add({
    account: pick(ACCOUNTS),
    kind: 'option',
    ...c,
    contractSize: 1,
    quantity: optionQuantity(c.underlying),
  });
}
for (let i = 0; i < 360; i++) {
  const token = pick(TOKENS);
  const s = spot[token] as number;
  const usd = (rng.uniform() - 0.45) * 400_000;
  const kind = pick(['spot', 'perp-linear', 'perp-inverse', 'future-linear', 'future-inverse'] as const);
  const account = pick(ACCOUNTS);
  const entry = round(s * (1 + 0.1 * (rng.uniform() - 0.5)), 6);
  if (kind === 'spot')
    add({ account, kind: 'spot', underlying: token, quantity: round(Math.abs(usd) / s, 6) });
  else if (kind.endsWith('linear')) {
    const expiry = kind.startsWith('future') ? { expiry: pick(EXPIRIES.slice(3)) } : {};
    add({
      account,
      kind: kind.startsWith('future') ? 'future' : 'perpetual',
      underlying: token,
      settlement: 'linear',
      contractSize: 0.01,
      quantity: Math.round(usd / s / 0.01),
      entryPrice: entry,
      ...expiry,
    });
  } else {
    const expiry = kind.startsWith('future') ? { expiry: pick(EXPIRIES.slice(3)) } : {};
    add({
      account,
      kind: kind.startsWith('future') ? 'future' : 'perpetual',
      underlying: token,
      settlement: 'inverse',
      contractSize: 10,
      quantity: Math.round(usd / 10),
      entryPrice: entry,
      ...expiry,
    });
  }
}

const T = (expiry: string) => (Date.parse(expiry) - Date.parse(VALUATION)) / (365 * 86_400_000);
const forwards = Object.fromEntries(
  (['BTC', 'ETH'] as const).map((token) => [
    token,
    EXPIRIES.slice(3).map((expiry) => ({
      expiry,
      price: round((spot[token] as number) * Math.exp((RATE + 0.03) * T(expiry)), 8),
    })),
  ]),
);

const doc = {
  valuationTime: VALUATION,
  market: {
    spot,
    forwards,
    vols: VOLS,
    rate: RATE,
    covariance: { tokens: [...TOKENS], daily: matrixToRows(cov) },
  },
  positions,
};
const out = `${here}fixtures/var-1000.json`;
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(
  `wrote ${out}: ${positions.length} positions, ${contracts.length} distinct option contracts, ` +
    `${returns.returns.rows} returns ${returns.dates[0]}..${returns.dates[returns.dates.length - 1]}`,
);

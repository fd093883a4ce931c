import type { ReadContext } from './reader.ts';
import { asArray, asObject, checkNumber, fail, readNumber, readTime } from './reader.ts';
import type { ForwardQuote, MarketData, VolPoint } from './types.ts';

type Json = Record<string, unknown>;

function readRecord<T>(
  o: Json,
  key: string,
  ctx: ReadContext,
  item: (value: unknown, itemCtx: ReadContext, token: string) => T,
): Record<string, T> | undefined {
  const raw = o[key];
  if (raw === undefined || raw === null) return undefined;
  const rec = asObject(raw, ctx, key);
  const out: Record<string, T> = {};
  for (const [token, value] of Object.entries(rec)) {
    out[token] = item(value, { path: `${ctx.path}.${key}` }, token);
  }
  return out;
}

function readList<T>(
  value: unknown,
  ctx: ReadContext,
  token: string,
  item: (o: Json, c: ReadContext) => T,
): T[] {
  return asArray(value, ctx, token).map((raw, i) => {
    const c = { path: `${ctx.path}.${token}[${i}]` };
    return item(asObject(raw, c), c);
  });
}

function readCovariance(raw: unknown, ctx: ReadContext): MarketData['covariance'] {
  const o = asObject(raw, ctx, 'covariance');
  const c = { path: `${ctx.path}.covariance` };
  const tokens = asArray(o.tokens, c, 'tokens').map((t, i) => {
    if (typeof t !== 'string' || t === '')
      fail('MALFORMED_DOCUMENT', c, `tokens[${i}]`, t, 'must be a token symbol');
    return t;
  });
  const daily = asArray(o.daily, c, 'daily').map((row, i) => {
    const cells = asArray(row, c, `daily[${i}]`);
    if (cells.length !== tokens.length) {
      fail('MALFORMED_DOCUMENT', c, `daily[${i}]`, cells.length, `must have ${tokens.length} entries`);
    }
    return cells.map((v, j) => checkNumber(v, 'finite', c, `daily[${i}][${j}]`));
  });
  if (daily.length !== tokens.length) {
    fail('MALFORMED_DOCUMENT', c, 'daily', daily.length, `must have ${tokens.length} rows`);
  }
  return { tokens, daily };
}

/**
 * Validates `market`: `spot` required (token -> USD > 0); optional `forwards`, `vols`, `volSurface`,
 * `rate` (default 0), `covariance` (square, matching `tokens`), `stablecoins` (token list).
 *
 * @throws RiskInputError naming the field path (e.g. `market.spot.BTC`) and value.
 */
export function parseMarket(value: unknown): MarketData {
  const ctx: ReadContext = { path: 'market' };
  const o = asObject(value, { path: '' }, 'market');
  if (o.spot === undefined || o.spot === null) fail('MISSING_FIELD', ctx, 'spot', o.spot, 'is required');
  const spot = readRecord(o, 'spot', ctx, (v, c, t) => checkNumber(v, 'positive', c, t)) ?? {};
  const forwards = readRecord(o, 'forwards', ctx, (v, c, t) =>
    readList<ForwardQuote>(v, c, t, (q, qc) => ({
      expiry: readTime(q, 'expiry', qc),
      price: readNumber(q, 'price', 'positive', qc),
    })),
  );
  const vols = readRecord(o, 'vols', ctx, (v, c, t) => checkNumber(v, 'positive', c, t));
  const volSurface = readRecord(o, 'volSurface', ctx, (v, c, t) =>
    readList<VolPoint>(v, c, t, (p, pc) => ({
      expiry: readTime(p, 'expiry', pc),
      strike: readNumber(p, 'strike', 'positive', pc),
      vol: readNumber(p, 'vol', 'positive', pc),
    })),
  );
  const market: MarketData = { spot };
  if (forwards) market.forwards = forwards;
  if (vols) market.vols = vols;
  if (volSurface) market.volSurface = volSurface;
  if (o.rate !== undefined && o.rate !== null) market.rate = checkNumber(o.rate, 'finite', ctx, 'rate');
  if (o.covariance !== undefined && o.covariance !== null)
    market.covariance = readCovariance(o.covariance, ctx);
  if (o.stablecoins !== undefined && o.stablecoins !== null) {
    market.stablecoins = asArray(o.stablecoins, ctx, 'stablecoins').map((t, i) => {
      if (typeof t !== 'string' || t === '') {
        fail('MALFORMED_DOCUMENT', ctx, `stablecoins[${i}]`, t, 'must be a token symbol');
      }
      return t;
    });
  }
  return market;
}

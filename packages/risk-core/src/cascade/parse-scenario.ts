import { RiskInputError } from '../errors.ts';
import type { AaveParams } from '../liquidation/aave-params.ts';
import { AAVE_V3_3_PARAMS, FULL_LIQUIDATION_PARAMS } from '../liquidation/aave-params.ts';
import { parseMarginSpec } from '../liquidation/parse-margin.ts';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import type { ReadContext } from '../portfolio/reader.ts';
import {
  asArray,
  asObject,
  checkNumber,
  fail,
  readEnum,
  readNumber,
  readOptionalNumber,
  readOptionalString,
  readString,
} from '../portfolio/reader.ts';
import { DEFAULT_STABLECOINS } from '../portfolio/tokens.ts';
import type {
  CascadeOptions,
  CascadeScenario,
  ImpactModel,
  LendingAccountSpec,
  LendingGroup,
  LeveragedTokenProduct,
  PerpLevels,
  Spillover,
} from './types.ts';

type Json = Record<string, unknown>;

/** Defaults of `options`. */
export const DEFAULT_CASCADE_OPTIONS: Readonly<CascadeOptions> = Object.freeze({
  maxRounds: 50,
  reLiquidation: true,
  flowToleranceUsd: 1,
  recordEvents: false,
});

const at = (ctx: ReadContext, key: string): ReadContext => ({
  path: ctx.path === '' ? key : `${ctx.path}.${key}`,
});

function optionalObject(o: Json, key: string, ctx: ReadContext): Json | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : asObject(v, ctx, key);
}

function optionalArray(o: Json, key: string, ctx: ReadContext): unknown[] {
  const v = o[key];
  return v === undefined || v === null ? [] : asArray(v, ctx, key);
}

function numberMap(
  o: Json | undefined,
  ctx: ReadContext,
  domain: 'positive' | 'finite',
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!o) return out;
  for (const [k, v] of Object.entries(o)) out[k] = checkNumber(v, domain, ctx, k);
  return out;
}

function parseImpact(o: Json, ctx: ReadContext): ImpactModel {
  const model = readEnum(o, 'model', ['linear', 'sqrt', 'none'] as const, ctx);
  if (model === 'none') return { model };
  return { model, depthUsd: readNumber(o, 'depthUsd', 'positive', ctx) };
}

/** `[[price, notionalUsd], ...]` or `{band: {from, to, count, notionalUsd}}` (evenly spread). */
function parsePerps(raw: unknown, i: number): PerpLevels {
  const ctx = { path: `perps[${i}]` };
  const o = asObject(raw, ctx);
  const venue = readString(o, 'venue', ctx);
  const token = readString(o, 'token', ctx);
  const side = readEnum(o, 'side', ['long', 'short'] as const, ctx);
  const levels: number[] = [];
  const notionalUsd: number[] = [];
  const band = optionalObject(o, 'band', ctx);
  if (band) {
    const bctx = at(ctx, 'band');
    const from = readNumber(band, 'from', 'positive', bctx);
    const to = readNumber(band, 'to', 'positive', bctx);
    const count = readNumber(band, 'count', 'positive', bctx);
    if (!Number.isInteger(count)) fail('OUT_OF_DOMAIN', bctx, 'count', count, 'must be an integer >= 1');
    const total = readNumber(band, 'notionalUsd', 'positive', bctx);
    for (let k = 0; k < count; k++) {
      levels.push(count === 1 ? from : from + ((to - from) * k) / (count - 1));
      notionalUsd.push(total / count);
    }
  }
  optionalArray(o, 'levels', ctx).forEach((pair, j) => {
    const p = asArray(pair, ctx, `levels[${j}]`);
    if (p.length !== 2) fail('MALFORMED_DOCUMENT', ctx, `levels[${j}]`, pair, 'must be [price, notionalUsd]');
    levels.push(checkNumber(p[0], 'positive', ctx, `levels[${j}][0]`));
    notionalUsd.push(checkNumber(p[1], 'positive', ctx, `levels[${j}][1]`));
  });
  if (levels.length === 0) fail('MISSING_FIELD', ctx, 'levels', o.levels, 'give levels or band');
  return { venue, token, side, levels, notionalUsd };
}

function parseLending(raw: unknown, i: number, prices: Record<string, number>): LendingGroup {
  const ctx = { path: `lending[${i}]` };
  const o = asObject(raw, ctx);
  const collateral = readString(o, 'collateral', ctx);
  const debt = readString(o, 'debt', ctx);
  const liquidationThreshold = readNumber(o, 'liquidationThreshold', 'unit', ctx);
  if (liquidationThreshold === 0) fail('OUT_OF_DOMAIN', ctx, 'liquidationThreshold', 0, 'must be > 0');
  const liquidationBonus = readNumber(o, 'liquidationBonus', 'positive', ctx);
  if (liquidationBonus < 1) fail('OUT_OF_DOMAIN', ctx, 'liquidationBonus', liquidationBonus, 'must be >= 1');
  const price = (token: string, key: string) => {
    const p = prices[token];
    if (p === undefined) fail('MISSING_MARKET_DATA', ctx, key, token, 'token has no price in prices');
    return p;
  };
  const pc = price(collateral, 'collateral');
  const pd = price(debt, 'debt');
  const positions: LendingAccountSpec[] = optionalArray(o, 'positions', ctx).map((p, j) => {
    const pctx = at(ctx, `positions[${j}]`);
    const po = asObject(p, pctx);
    return {
      collateralAmount: readNumber(po, 'collateralAmount', 'nonNegative', pctx),
      debtAmount: readNumber(po, 'debtAmount', 'nonNegative', pctx),
    };
  });
  optionalArray(o, 'hfBuckets', ctx).forEach((b, j) => {
    const key = `hfBuckets[${j}]`;
    const pair = asArray(b, ctx, key);
    if (pair.length !== 2) fail('MALFORMED_DOCUMENT', ctx, key, b, 'must be [healthFactor, collateralUsd]');
    const hf = checkNumber(pair[0], 'positive', ctx, `${key}[0]`);
    const collUsd = checkNumber(pair[1], 'positive', ctx, `${key}[1]`);
    positions.push({
      collateralAmount: collUsd / pc,
      debtAmount: (collUsd * liquidationThreshold) / hf / pd,
    });
  });
  if (positions.length === 0)
    fail('MISSING_FIELD', ctx, 'positions', o.positions, 'give positions or hfBuckets');
  return {
    protocol: readString(o, 'protocol', ctx),
    collateral,
    debt,
    liquidationThreshold,
    liquidationBonus,
    positions,
  };
}

function parseProtocol(raw: unknown, name: string): AaveParams {
  const ctx = { path: `lendingProtocols.${name}` };
  const o = asObject(raw, ctx);
  const rules = readOptionalString(o, 'rules', ctx) ?? 'aave-v3.3';
  if (rules !== 'aave-v3.3' && rules !== 'full')
    fail('UNSUPPORTED', ctx, 'rules', rules, 'must be aave-v3.3 | full');
  const base = rules === 'full' ? FULL_LIQUIDATION_PARAMS : AAVE_V3_3_PARAMS;
  const num = (key: keyof AaveParams, domain: 'unit' | 'nonNegative') =>
    readOptionalNumber(o, key, domain, ctx) ?? base[key];
  return {
    closeFactor: num('closeFactor', 'unit'),
    fullCloseFactorHealthFactor: num('fullCloseFactorHealthFactor', 'unit'),
    minBaseMaxCloseFactorUsd: num('minBaseMaxCloseFactorUsd', 'nonNegative'),
    minLeftoverUsd: num('minLeftoverUsd', 'nonNegative'),
    protocolFee: num('protocolFee', 'unit'),
  };
}

function parseLeveraged(raw: unknown, i: number): LeveragedTokenProduct {
  const ctx = { path: `leveragedTokens[${i}]` };
  const o = asObject(raw, ctx);
  const name = readOptionalString(o, 'name', ctx);
  return {
    underlying: readString(o, 'underlying', ctx),
    leverage: readNumber(o, 'leverage', 'nonZero', ctx),
    outstandingUsd: readNumber(o, 'outstandingUsd', 'nonNegative', ctx),
    rebalanceThreshold: readOptionalNumber(o, 'rebalanceThreshold', 'unit', ctx) ?? 0,
    ...(name === undefined ? {} : { name }),
  };
}

/** Re-throws an error of the embedded portfolio with its field under `portfolio.`. */
function underPortfolio<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RiskInputError)) throw e;
    const inner = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    const got = inner.lastIndexOf(' (got ');
    throw new RiskInputError(e.code, `portfolio.${e.field}`, e.value, got >= 0 ? inner.slice(0, got) : inner);
  }
}

/**
 * Reads a cascade scenario document (JSON, docs/cascade-format.md) into a `CascadeScenario`.
 * `sources` and `description` are documentation and are not read. `portfolio` must be an
 * embedded portfolio document (the CLI resolves a file path first).
 *
 * @throws RiskInputError naming the field (e.g. `perps[3].levels[7][1]`, `lending[0].hfBuckets[2][0]`,
 *   `portfolio.positions[1].quantity`) and the value.
 */
export function parseCascadeScenario(raw: unknown): CascadeScenario {
  const root: ReadContext = { path: '' };
  const o = asObject(raw, root);
  const prices = numberMap(asObject(o.prices, root, 'prices'), { path: 'prices' }, 'positive');
  if (Object.keys(prices).length === 0)
    fail('MISSING_FIELD', root, 'prices', o.prices, 'needs at least one token');
  const stableRaw = o.stablecoins;
  const stablecoins =
    stableRaw === undefined || stableRaw === null
      ? [...DEFAULT_STABLECOINS]
      : asArray(stableRaw, root, 'stablecoins').map((s, i) => {
          if (typeof s !== 'string' || s === '')
            fail('MALFORMED_DOCUMENT', root, `stablecoins[${i}]`, s, 'must be a token');
          return s;
        });
  const shock = numberMap(optionalObject(o, 'shock', root), { path: 'shock' }, 'finite');
  const impact: Record<string, ImpactModel> = {};
  const impactRaw = optionalObject(o, 'impact', root);
  for (const [token, v] of Object.entries(impactRaw ?? {})) {
    if (token === 'default') continue;
    impact[token] = parseImpact(asObject(v, { path: `impact.${token}` }), { path: `impact.${token}` });
  }
  if (impactRaw?.default !== undefined) {
    const def = parseImpact(asObject(impactRaw.default, { path: 'impact.default' }), {
      path: 'impact.default',
    });
    for (const t of Object.keys(prices)) if (!impact[t] && !stablecoins.includes(t)) impact[t] = def;
  }
  const spillover: Spillover[] = optionalArray(o, 'spillover', root).map((s, i) => {
    const ctx = { path: `spillover[${i}]` };
    const so = asObject(s, ctx);
    return {
      from: readString(so, 'from', ctx),
      to: readString(so, 'to', ctx),
      beta: readNumber(so, 'beta', 'finite', ctx),
    };
  });
  const lendingProtocols: Record<string, AaveParams> = {};
  for (const [name, v] of Object.entries(optionalObject(o, 'lendingProtocols', root) ?? {})) {
    lendingProtocols[name] = parseProtocol(v, name);
  }
  const opt = optionalObject(o, 'options', root) ?? {};
  const octx = { path: 'options' };
  const bool = (key: 'reLiquidation' | 'recordEvents') => {
    const v = opt[key];
    if (v === undefined || v === null) return DEFAULT_CASCADE_OPTIONS[key];
    if (typeof v !== 'boolean') fail('MALFORMED_DOCUMENT', octx, key, v, 'must be true or false');
    return v;
  };
  const maxRounds =
    readOptionalNumber(opt, 'maxRounds', 'positive', octx) ?? DEFAULT_CASCADE_OPTIONS.maxRounds;
  if (!Number.isInteger(maxRounds))
    fail('OUT_OF_DOMAIN', octx, 'maxRounds', maxRounds, 'must be an integer >= 1');
  const options: CascadeOptions = {
    maxRounds,
    reLiquidation: bool('reLiquidation'),
    flowToleranceUsd:
      readOptionalNumber(opt, 'flowToleranceUsd', 'nonNegative', octx) ??
      DEFAULT_CASCADE_OPTIONS.flowToleranceUsd,
    recordEvents: bool('recordEvents'),
  };
  let fund: CascadeScenario['fund'];
  if (o.portfolio !== undefined && o.portfolio !== null) {
    if (typeof o.portfolio === 'string') {
      fail(
        'UNSUPPORTED',
        root,
        'portfolio',
        o.portfolio,
        'a file path is resolved by the CLI; embed the document here',
      );
    }
    fund = underPortfolio(() => {
      const document = parsePortfolio(o.portfolio);
      return { document, margin: parseMarginSpec(o.portfolio, document) };
    });
  }
  const name = readOptionalString(o, 'name', root);
  return {
    ...(name === undefined ? {} : { name }),
    prices,
    stablecoins,
    shock,
    impact,
    spillover,
    perps: optionalArray(o, 'perps', root).map(parsePerps),
    lendingProtocols,
    lending: optionalArray(o, 'lending', root).map((g, i) => parseLending(g, i, prices)),
    leveragedTokens: optionalArray(o, 'leveragedTokens', root).map(parseLeveraged),
    ...(fund ? { fund } : {}),
    options,
  };
}

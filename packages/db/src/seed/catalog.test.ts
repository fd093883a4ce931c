import { describe, expect, it } from 'vitest';
import { CatalogValidationError, loadCatalogFile, parseCatalog } from './catalog.ts';
import type { CatalogRow } from './catalog-schema.ts';

const rows = await loadCatalogFile();
const find = (venue: string, symbol: string): CatalogRow => {
  const row = rows.find((r) => r.venue === venue && r.symbol === symbol);
  if (!row) throw new Error(`catalog has no ${venue} ${symbol}`);
  return row;
};

describe('shipped instrument catalog (data/instruments.json)', () => {
  it('validates and has a source and notes on every row', () => {
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      expect(r.sourceUrl, `${r.venue} ${r.symbol}`).toMatch(/^https:\/\/\S+$/);
      expect(r.notes.length, `${r.venue} ${r.symbol}`).toBeGreaterThan(10);
    }
  });

  it('has positive contract sizes and consistent kind/settlement', () => {
    for (const r of rows) {
      const label = `${r.venue} ${r.symbol}`;
      expect(Number(r.contractSize), label).toBeGreaterThan(0);
      const derivative = ['FUTURE', 'PERPETUAL', 'OPTION'].includes(r.kind);
      expect(r.settlement != null, label).toBe(derivative);
      if (r.settlement === 'INVERSE') expect(r.settlementCurrency, label).toBe(r.underlying);
      if (r.settlement === 'QUANTO') expect(Number(r.multiplier), label).toBeGreaterThan(0);
    }
  });

  it('gives every option a strike, an expiry and a type, and no other kind any of them', () => {
    for (const r of rows) {
      const label = `${r.venue} ${r.symbol}`;
      if (r.kind === 'OPTION') {
        expect(Number(r.strike), label).toBeGreaterThan(0);
        expect(r.expiry, label).toMatch(/Z$/);
        expect(['CALL', 'PUT'], label).toContain(r.optionType);
      } else {
        expect(r.strike ?? null, label).toBeNull();
        expect(r.optionType ?? null, label).toBeNull();
      }
      if (r.kind === 'FUTURE') expect(r.expiry, label).toBeTruthy();
    }
  });

  it('covers every kind the catalog is meant to hold', () => {
    const kinds = new Set(rows.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['FUTURE', 'LENDING_RESERVE', 'OPTION', 'PERPETUAL', 'SPOT']);
    const settlements = new Set(rows.map((r) => `${r.kind}/${r.settlement}`));
    for (const s of [
      'PERPETUAL/INVERSE',
      'PERPETUAL/LINEAR',
      'PERPETUAL/QUANTO',
      'FUTURE/INVERSE',
      'FUTURE/LINEAR',
    ]) {
      expect(settlements).toContain(s);
    }
    expect(settlements).toContain('OPTION/INVERSE');
    expect(settlements).toContain('OPTION/LINEAR');
  });

  it('holds the venue contract sizes from docs/catalog.md', () => {
    expect(find('Deribit', 'BTC-PERPETUAL').contractSize).toBe('10');
    expect(find('Deribit', 'BTC-25DEC26').expiry).toBe('2026-12-25T08:00:00.000Z');
    expect(find('Deribit', 'ETH-26MAR27').expiry).toBe('2027-03-26T08:00:00.000Z');
    expect(find('Deribit', 'BTC-25JUN27').expiry).toBe('2027-06-25T08:00:00.000Z');
    expect(find('BitMEX', 'XBTUSD')).toMatchObject({ settlement: 'INVERSE', contractSize: '1' });
    expect(find('BitMEX', 'ETHUSD')).toMatchObject({
      settlement: 'QUANTO',
      multiplier: '0.000001',
      settlementCurrency: 'BTC',
    });
    expect(find('Binance COIN-M', 'BTCUSD_PERP').contractSize).toBe('100');
    expect(find('Binance COIN-M', 'ETHUSD_PERP').contractSize).toBe('10');
    expect(find('OKX', 'BTC-USD-SWAP').contractSize).toBe('100');
    expect(find('OKX', 'BTC-USDT-SWAP').contractSize).toBe('0.01');
    expect(find('Bybit', 'BTCUSD').contractSize).toBe('1');
    expect(find('CME', 'BTCZ6').contractSize).toBe('5');
    expect(find('CME', 'MBTZ6').contractSize).toBe('0.1');
    expect(find('CME', 'ETHZ6').contractSize).toBe('50');
    const solOption = rows.find((r) => r.underlying === 'SOL' && r.kind === 'OPTION');
    const xrpOption = rows.find((r) => r.underlying === 'XRP' && r.kind === 'OPTION');
    expect(solOption).toMatchObject({ settlement: 'LINEAR', contractSize: '10', settlementCurrency: 'USDC' });
    expect(xrpOption).toMatchObject({ settlement: 'LINEAR', contractSize: '1000' });
  });

  it('has Aave reserves with LTV <= liquidation threshold, bonus > 1 and close factor 0.5', () => {
    const reserves = rows.filter((r) => r.kind === 'LENDING_RESERVE');
    expect(reserves.map((r) => r.symbol).sort()).toEqual(['AAVE', 'LINK', 'USDC', 'USDT', 'WBTC', 'WETH']);
    for (const r of reserves) {
      expect(Number(r.loanToValue)).toBeLessThanOrEqual(Number(r.liquidationThreshold));
      expect(Number(r.liquidationBonus)).toBeGreaterThan(1);
      expect(r.closeFactor).toBe('0.5');
    }
    expect(find('Aave v3 Ethereum', 'WETH')).toMatchObject({
      liquidationThreshold: '0.83',
      liquidationBonus: '1.05',
    });
  });

  it('has spot rows for the 10 price-data tokens plus USDC and USDT', () => {
    const spot = rows.filter((r) => r.kind === 'SPOT').map((r) => r.symbol);
    expect(spot.sort()).toEqual(
      ['AAVE', 'ADA', 'AVAX', 'BNB', 'BTC', 'DOGE', 'ETH', 'LINK', 'SOL', 'USDC', 'USDT', 'XRP'].sort(),
    );
  });

  it('has continuous Binance maintenance brackets (maintenanceAmount matches the cumulative rule)', () => {
    const tiers = find('Binance USD-M', 'BTCUSDT').marginTiers ?? [];
    expect(tiers.length).toBe(10);
    for (let i = 1; i < tiers.length; i++) {
      const prev = tiers[i - 1];
      const cur = tiers[i];
      if (!prev || !cur) throw new Error('tier missing');
      // Margin at the boundary computed with either bracket must agree.
      const below = prev.notionalUpTo * prev.maintenanceMarginRate - prev.maintenanceAmount;
      const above = prev.notionalUpTo * cur.maintenanceMarginRate - cur.maintenanceAmount;
      expect(above).toBeCloseTo(below, 6);
    }
  });
});

describe('parseCatalog errors', () => {
  const base = {
    venue: 'X',
    symbol: 'BTC-PERP',
    kind: 'PERPETUAL',
    settlement: 'INVERSE',
    underlying: 'BTC',
    quoteCurrency: 'USD',
    settlementCurrency: 'BTC',
    contractSize: 10,
    sourceUrl: 'https://example.org/spec',
    notes: 'test row for validation',
  };
  const parse = (...instruments: unknown[]) =>
    parseCatalog(JSON.stringify({ version: 1, instruments }), 'test.json');
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(CatalogValidationError);
      return (err as Error).message;
    }
    throw new Error('expected a CatalogValidationError');
  };

  it('accepts a valid row', () => {
    expect(parse(base)).toHaveLength(1);
  });

  it('names the row, the field and the bad value', () => {
    const msg = messageOf(() => parse(base, { ...base, symbol: 'B', contractSize: -1 }));
    expect(msg).toContain('test.json');
    expect(msg).toContain('row 1 (X B) field contractSize = -1: must be > 0');
  });

  it('rejects a missing source and an http source', () => {
    const { sourceUrl: _omit, ...noSource } = base;
    expect(messageOf(() => parse(noSource))).toMatch(/row 0 \(X BTC-PERP\) field sourceUrl = missing/);
    expect(messageOf(() => parse({ ...base, sourceUrl: 'http://example.org' }))).toMatch(
      /field sourceUrl .*https/,
    );
  });

  it('rejects settlement on spot and a missing settlement on a perpetual', () => {
    expect(messageOf(() => parse({ ...base, kind: 'SPOT' }))).toMatch(
      /field settlement = "INVERSE": must be empty for kind SPOT/,
    );
    expect(messageOf(() => parse({ ...base, settlement: null }))).toMatch(
      /field settlement = null: is required/,
    );
  });

  it('rejects an inverse contract settled in another coin and a quanto without multiplier', () => {
    expect(messageOf(() => parse({ ...base, settlementCurrency: 'USDT' }))).toMatch(
      /settlementCurrency .*must equal underlying/,
    );
    expect(messageOf(() => parse({ ...base, settlement: 'QUANTO' }))).toMatch(
      /field multiplier = missing: is required/,
    );
  });

  it('rejects an option without strike, expiry or type', () => {
    const msg = messageOf(() => parse({ ...base, kind: 'OPTION', contractSize: 1 }));
    expect(msg).toMatch(/field strike = missing: is required/);
    expect(msg).toMatch(/field expiry = missing: is required/);
    expect(msg).toMatch(/field optionType = missing: is required/);
  });

  it('rejects a lending reserve whose LTV exceeds its liquidation threshold', () => {
    const reserve = {
      ...base,
      kind: 'LENDING_RESERVE',
      settlement: null,
      loanToValue: 0.9,
      liquidationThreshold: 0.8,
      liquidationBonus: 1.05,
      closeFactor: 0.5,
    };
    expect(messageOf(() => parse(reserve))).toMatch(
      /field loanToValue = 0.9: must not exceed liquidationThreshold/,
    );
  });

  it('rejects duplicates, unknown fields, bad enums and bad dates', () => {
    expect(messageOf(() => parse(base, base))).toMatch(/row 1 .*duplicate of row 0/);
    expect(messageOf(() => parse({ ...base, colour: 'red' }))).toMatch(/colour/);
    expect(messageOf(() => parse({ ...base, kind: 'SWAP' }))).toMatch(/field kind = "SWAP"/);
    expect(messageOf(() => parse({ ...base, kind: 'FUTURE', expiry: '2026-12-25' }))).toMatch(
      /field expiry = "2026-12-25"/,
    );
    expect(messageOf(() => parse({ ...base, contractSize: '1e3' }))).toMatch(/plain decimal/);
  });

  it('rejects a file that is not JSON or has no instruments', () => {
    expect(messageOf(() => parseCatalog('{', 'x.json'))).toMatch(/not valid JSON/);
    expect(messageOf(() => parseCatalog('{"version":1,"instruments":[]}', 'x.json'))).toMatch(/at least one/);
    expect(messageOf(() => parseCatalog('{"version":2,"instruments":[1]}', 'x.json'))).toMatch(/version = 2/);
  });
});

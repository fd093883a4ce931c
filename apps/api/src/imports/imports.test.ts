import { describe, expect, it } from 'vitest';
import { validateInstrument } from '../schema/instrument-rules.ts';
import { checkAmount, parseAmount, parseToken } from './amounts.ts';
import { MAX_CSV_ROWS, mapColumns, readCsv } from './csv.ts';
import { FORMAT_COLUMNS, parsePositionRecord } from './formats.ts';
import { uploadRefusal } from './upload-route.ts';

describe('amounts', () => {
  it('accepts plain and scientific decimals and returns plain notation', () => {
    expect(parseAmount('1.5e3')).toEqual({ ok: true, value: '1500' });
    expect(parseAmount(' -0.000000000000000001 ')).toEqual({ ok: true, value: '-0.000000000000000001' });
    expect(parseAmount('-0')).toEqual({ ok: true, value: '0' });
    expect(checkAmount('leverage', 25, { column: 'ratio', min: 0, minExclusive: true })).toBe('25');
  });

  it('refuses NaN, Infinity, out-of-column values and too many places, naming the value', () => {
    for (const [text, reason] of [
      ['NaN', 'must be a decimal number (got "NaN")'],
      ['Infinity', 'must be a decimal number (got "Infinity")'],
      ['0x10', 'must be a decimal number'],
      ['1e400', 'must be finite and less than 100000000000000000000'],
      ['1e20', 'must be finite'],
      ['0.0000000000000000001', 'at most 18 decimal places'],
      ['', 'is empty'],
    ] as const)
      expect(parseAmount(text), text).toEqual({ ok: false, reason: expect.stringContaining(reason) });
    expect(parseAmount('12345678901', { column: 'ratio' })).toMatchObject({ ok: false });
    expect(parseAmount('0', { min: 0, minExclusive: true })).toEqual({
      ok: false,
      reason: 'must be > 0 (got "0")',
    });
    expect(() => checkAmount('entryPrice', Number.NaN)).toThrow(/entryPrice: must be finite \(got NaN\)/);
    expect(() => checkAmount('entryPrice', Number.POSITIVE_INFINITY)).toThrow(/must be finite/);
    expect(() => checkAmount('vol', '0', { min: 0, minExclusive: true, max: 10 })).toThrow(
      'vol: must be > 0 (got "0")',
    );
  });

  it('normalizes tokens', () => {
    expect(parseToken(' usdc.e ')).toEqual({ ok: true, value: 'USDC.E' });
    expect(parseToken('B T C')).toMatchObject({ ok: false });
  });
});

describe('csv reading', () => {
  it('handles BOM, CRLF, quotes, semicolons and reports line numbers', () => {
    const table = readCsv('csv', '\uFEFFa;b\r\n"x;1";2\r\n\r\n3;"q""uote"\r\n');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.records).toEqual([
      { line: 2, cells: ['x;1', '2'] },
      { line: 4, cells: ['3', 'q"uote'] },
    ]);
  });

  it('refuses empty files, unterminated quotes and too many rows', () => {
    expect(() => readCsv('csv', '')).toThrow(/file is empty/);
    expect(() => readCsv('csv', 'a,b\n')).toThrow(/no data rows/);
    expect(() => readCsv('csv', 'a,b\n"1,2\n')).toThrow(/not a valid CSV file/);
    expect(() => readCsv('csv', `a\n${'1\n'.repeat(MAX_CSV_ROWS + 1)}`)).toThrow(/more than 20000 data rows/);
  });

  it('maps headers by normalized name and reports missing and ambiguous columns', () => {
    const ok = mapColumns(['Instrument', 'Avg. Price', 'SIZE'], FORMAT_COLUMNS.DERIBIT);
    expect(ok.issues).toEqual([]);
    expect(ok.map.entryPrice?.header).toBe('Avg. Price');
    const bad = mapColumns(['instrument_name', 'instrument', 'mark_price'], FORMAT_COLUMNS.DERIBIT);
    expect(bad.issues.map((i) => i.reason)).toEqual([
      'columns "instrument_name" and "instrument" both mean instrument_name: keep one',
      expect.stringContaining('missing column size'),
    ]);
  });
});

describe('position rows', () => {
  const row = (format: keyof typeof FORMAT_COLUMNS, csv: string) => {
    const table = readCsv('csv', csv);
    const { map } = mapColumns(table.header, FORMAT_COLUMNS[format]);
    const record = table.records[0];
    if (!record) throw new Error('no record');
    return parsePositionRecord(format, map, record);
  };

  it('applies sides and keeps margin details of isolated rows only', () => {
    expect(
      row('OKX', 'instId,pos,posSide,mgnMode,margin\nBTC-USD-SWAP,320,short,cross,0\n').row,
    ).toMatchObject({
      quantity: '-320',
      marginMode: 'CROSS',
      isolatedMargin: null,
    });
    expect(
      row(
        'BINANCE_COINM',
        'symbol,positionAmt,positionSide,marginType,isolatedMargin\nETHUSD_PERP,400,LONG,isolated,0.16\n',
      ).row,
    ).toMatchObject({
      quantity: '400',
      isolatedMargin: '0.16',
      unit: 'CONTRACTS',
    });
    expect(row('DERIBIT', 'instrument_name,size,direction\nBTC-PERPETUAL,-250000,sell\n').row).toMatchObject({
      quantity: '-250000',
      unit: 'AMOUNT_PER_CONTRACT_SIZE',
    });
    expect(row('GENERIC', 'venue,symbol,quantity\nSpot,BTC,"1,234.5"\n').row?.quantity).toBe('1234.5');
  });

  it('collects every problem of a row', () => {
    const { row: parsed, issues } = row(
      'GENERIC',
      'venue,symbol,quantity,side,entry_price,leverage\nSpot,BTC,-3,long,0,2000\n',
    );
    expect(parsed).toBeNull();
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [2, 'quantity'],
      [2, 'entry_price'],
      [2, 'leverage'],
    ]);
    const contradiction = row('BINANCE_USDM', 'symbol,positionAmt,positionSide\nBTCUSDT,-1,LONG\n');
    expect(contradiction.issues[0]?.reason).toBe('LONG contradicts the negative quantity -1');
  });
});

describe('instrument rules', () => {
  it('accepts a complete option and a lending reserve', () => {
    expect(
      validateInstrument({
        venue: 'OTC',
        symbol: 'P',
        kind: 'OPTION',
        settlement: 'LINEAR',
        underlying: 'btc',
        quoteCurrency: 'USD',
        settlementCurrency: 'USDC',
        expiry: '2026-06-26T08:00:00Z',
        strike: '90000',
        optionType: 'put',
      }),
    ).toMatchObject({ ok: true, value: { underlying: 'BTC', optionType: 'PUT', contractSize: '1' } });
    expect(
      validateInstrument({
        venue: 'Aave',
        symbol: 'WETH',
        kind: 'LENDING_RESERVE',
        underlying: 'ETH',
        quoteCurrency: 'USD',
        settlementCurrency: 'WETH',
        liquidationThreshold: '0.83',
        liquidationBonus: '1.05',
        loanToValue: '0.9',
        closeFactor: '0.5',
      }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'loanToValue', reason: 'must not exceed liquidationThreshold (0.83)' }],
    });
  });
});

describe('upload endpoint', () => {
  it('admits only upload mutations', () => {
    expect(
      uploadRefusal('mutation { importPositions(format: OKX, csv: "", accountId: "x") { committed } }'),
    ).toBeNull();
    expect(uploadRefusal('mutation { a: uploadPriceHistory(csv: "", source: "s") { count } }')).toBeNull();
    expect(uploadRefusal('{ me { kind } }')).toContain('only mutations');
    expect(
      uploadRefusal(
        'mutation { importPositions(format: OKX, csv: "", accountId: "x") { committed } updateFund(name: "x") { id } }',
      ),
    ).toContain('only mutations');
    expect(uploadRefusal(undefined)).toContain('query');
  });
});

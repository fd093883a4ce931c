import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type As,
  bookCounts,
  caller,
  ensureCatalog,
  firstError,
  fixture,
  uploader,
} from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

const IMPORT = `mutation($format: ImportFormat!, $csv: String!, $accountId: ID!, $mode: ImportMode, $strategy: ImportStrategy) {
  importPositions(format: $format, csv: $csv, accountId: $accountId, mode: $mode, strategy: $strategy) {
    committed rowCount errorCount elapsedMs
    errors { row column reason value }
    rows { row venue symbol quantity sourceQuantity entryPrice marginMode action newInstrument positionId }
    summary { created updated unchanged closed deleted skipped instrumentsCreated }
  }
}`;

interface ImportData {
  importPositions: {
    committed: boolean;
    rowCount: number;
    errorCount: number;
    elapsedMs: number;
    errors: { row: number | null; column: string | null; reason: string; value: string | null }[];
    rows: {
      row: number | null;
      venue: string;
      symbol: string;
      quantity: string;
      sourceQuantity: string;
      entryPrice: string | null;
      marginMode: string | null;
      action: string | null;
      newInstrument: boolean;
      positionId: string | null;
    }[];
    summary: Record<string, number>;
  };
}

/** Stored positions of an account as `venue symbol -> quantity` (plain decimals). */
async function held(t: TestApi, accountId: string): Promise<Record<string, string>> {
  const rows = await t.admin.position.findMany({
    where: { accountId },
    select: { quantity: true, instrument: { select: { venue: true, symbol: true } } },
  });
  return Object.fromEntries(
    rows.map((r) => [`${r.instrument.venue} ${r.instrument.symbol}`, r.quantity.toFixed()]),
  );
}

describe('importPositions: venue formats, generic format, validation, strategies, limits', () => {
  let t: TestApi;
  let world: World;
  let up: As;
  let as: As;
  const accounts: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApi();
    await ensureCatalog(t.admin);
    world = await createWorld(t.admin, 'api-import');
    up = uploader(t, world.a);
    as = caller(t, world.a);
    for (const [name, venue] of [
      ['deribit', 'Deribit'],
      ['usdm', 'Binance USD-M'],
      ['coinm', 'Binance COIN-M'],
      ['okx', 'OKX'],
      ['multi', 'Various'],
      ['big', 'Various'],
    ] as const) {
      const row = await t.admin.account.create({
        data: {
          fundId: world.a.fundId,
          name: `${name}-${randomUUID().slice(0, 8)}`,
          venue,
          kind: 'EXCHANGE',
        },
      });
      accounts[name] = row.id;
    }
  });
  afterAll(async () => {
    // 20,000 custom instruments go with the fund (indexed foreign keys make that quick).
    await world?.cleanup();
    await t?.stop();
  }, 120_000);

  const cases: [string, string, string, Record<string, string>][] = [
    [
      'DERIBIT',
      'deribit-positions.csv',
      'deribit',
      {
        // size in USD / contract size 10 (BTC) or 1 (ETH); options in coins / 1, SOL USDC options / 10.
        'Deribit BTC-PERPETUAL': '-25000',
        'Deribit BTC-25DEC26': '12000',
        'Deribit ETH-PERPETUAL': '85000',
        'Deribit BTC-26MAR27-100000-C': '12.5',
        'Deribit BTC-25DEC26-80000-P': '-30',
        'Deribit SOL_USDC-25DEC26-150-C': '50',
        'Deribit ETH-25JUN27-3000-P': '-150',
      },
    ],
    [
      'BINANCE_USDM',
      'binance-usdm-positions.csv',
      'usdm',
      {
        'Binance USD-M BTCUSDT': '1.25',
        'Binance USD-M ETHUSDT': '-35',
        'Binance USD-M SOLUSDT': '820',
        'Binance USD-M DOGEUSDT': '-150000',
      },
    ],
    [
      'BINANCE_COINM',
      'binance-coinm-positions.csv',
      'coinm',
      {
        'Binance COIN-M BTCUSD_PERP': '-150',
        'Binance COIN-M ETHUSD_PERP': '400',
        'Binance COIN-M SOLUSD_PERP': '-1200',
      },
    ],
    ['OKX', 'okx-positions.csv', 'okx', { 'OKX BTC-USD-SWAP': '-320', 'OKX BTC-USDT-SWAP': '150' }],
    [
      'GENERIC',
      'generic-positions.csv',
      'multi',
      {
        'CME BTCZ6': '4',
        'CME MBTZ6': '-25',
        'BitMEX XBTUSD': '-250000',
        'BitMEX ETHUSD': '30000',
        'Spot BTC': '12.5',
        'Spot ETH': '-40',
        'OTC OTC-BTC-26JUN26-90000-P': '-50',
        'Bybit BTC3L': '20000',
      },
    ],
  ];

  for (const [format, file, account, expected] of cases) {
    it(`${format}: PREVIEW writes nothing, COMMIT imports every row with the right sign and unit`, async () => {
      const csv = await fixture(file);
      const accountId = accounts[account];
      const before = await bookCounts(t.admin, world);
      const preview = await up<ImportData>('RISK_MANAGER', IMPORT, {
        format,
        csv,
        accountId,
        mode: 'PREVIEW',
      });
      expect(preview.body.errors).toBeUndefined();
      const p = preview.body.data?.importPositions;
      expect(p?.errors).toEqual([]);
      expect(p?.committed).toBe(false);
      expect(p?.rowCount).toBe(Object.keys(expected).length);
      expect(p?.rows.every((r) => r.action === 'CREATE')).toBe(true);
      expect(Object.fromEntries(p?.rows.map((r) => [`${r.venue} ${r.symbol}`, r.quantity]) ?? [])).toEqual(
        expected,
      );
      expect(await bookCounts(t.admin, world)).toEqual(before);

      const commit = await up<ImportData>('RISK_MANAGER', IMPORT, { format, csv, accountId, mode: 'COMMIT' });
      expect(commit.body.errors).toBeUndefined();
      const c = commit.body.data?.importPositions;
      expect(c?.committed).toBe(true);
      expect(c?.summary.created).toBe(Object.keys(expected).length);
      expect(await held(t, accountId ?? '')).toEqual(expected);
      // One audit entry for the whole file.
      const audit = await t.admin.auditLog.findMany({
        where: { fundId: world.a.fundId, action: 'position.import', targetId: accountId },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]?.details).toMatchObject({
        format,
        strategy: 'MERGE',
        created: Object.keys(expected).length,
      });

      // The same file again: nothing changes.
      const again = await up<ImportData>('RISK_MANAGER', IMPORT, { format, csv, accountId, mode: 'COMMIT' });
      expect(again.body.data?.importPositions.summary).toMatchObject({
        unchanged: Object.keys(expected).length,
        created: 0,
        updated: 0,
      });
    });
  }

  it('keeps entry prices and margin details of venue rows', async () => {
    const rows = await t.admin.position.findMany({
      where: { accountId: accounts.usdm },
      select: {
        entryPrice: true,
        marginMode: true,
        isolatedMargin: true,
        leverage: true,
        instrument: { select: { symbol: true } },
      },
    });
    const eth = rows.find((r) => r.instrument.symbol === 'ETHUSDT');
    expect(eth?.entryPrice?.toFixed()).toBe('2701.55');
    expect(eth?.marginMode).toBe('ISOLATED');
    expect(eth?.isolatedMargin?.toFixed()).toBe('4725.27');
    expect(eth?.leverage?.toFixed()).toBe('20');
    const btc = rows.find((r) => r.instrument.symbol === 'BTCUSDT');
    expect(btc?.marginMode).toBe('CROSS');
    expect(btc?.isolatedMargin).toBeNull();
    const custom = await t.admin.instrument.findFirst({
      where: { fundId: world.a.fundId, symbol: 'OTC-BTC-26JUN26-90000-P' },
    });
    expect(custom?.kind).toBe('OPTION');
    expect(custom?.strike?.toFixed()).toBe('90000');
  });

  it('lists every error of a bad file with row and column, and writes nothing (PREVIEW and COMMIT)', async () => {
    const csv = await fixture('generic-positions-errors.csv');
    const before = await bookCounts(t.admin, world);
    for (const mode of ['PREVIEW', 'COMMIT']) {
      const r = await up<ImportData>('RISK_MANAGER', IMPORT, {
        format: 'GENERIC',
        csv,
        accountId: accounts.multi,
        mode,
      });
      expect(r.body.errors).toBeUndefined();
      const data = r.body.data?.importPositions;
      expect(data?.committed).toBe(false);
      const got = data?.errors.map((e) => [e.row, e.column, e.reason]);
      expect(got).toEqual([
        [3, 'symbol', expect.stringContaining('unknown instrument Deribit BTC-27DEC24-100000-C')],
        [4, 'quantity', expect.stringContaining('must be a decimal number (got "abc")')],
        [5, 'side', expect.stringContaining('(got "sideways")')],
        [6, 'symbol', 'duplicate of row 2: one row per instrument and account'],
        [7, 'entry_price', 'must be > 0 (got "-96000")'],
        [8, 'quantity', expect.stringContaining('must be finite')],
        [9, 'entry_price', 'must be a decimal number (got "NaN")'],
        [10, 'account', expect.stringContaining('someone-else')],
      ]);
      expect(data?.errors[0]?.reason).toContain('expired on 2024-12-27');
      expect(data?.errorCount).toBe(8);
    }
    expect(await bookCounts(t.admin, world)).toEqual(before);
  });

  it('refuses a file for another venue, a history export, missing columns; ANALYST may not import', async () => {
    const deribit = await fixture('deribit-positions.csv');
    const wrong = await up<ImportData>('OWNER', IMPORT, {
      format: 'DERIBIT',
      csv: deribit,
      accountId: accounts.usdm,
      mode: 'COMMIT',
    });
    expect(wrong.body.data?.importPositions.errors).toEqual([
      expect.objectContaining({ row: null, reason: expect.stringContaining('is on venue "Binance USD-M"') }),
    ]);
    const history =
      'Symbol,Margin Mode,Side,Open Time,Close Time,Entry Price,Avg. Close Price,Max Open Interest,Closed Vol.,Closing PNL\nBTCUSDT,Cross,Long,2025-02-01 10:00:00,2025-02-02 11:00:00,96000,97000,1.5,1.5,1500\n';
    const h = await up<ImportData>('OWNER', IMPORT, {
      format: 'BINANCE_USDM',
      csv: history,
      accountId: accounts.usdm,
    });
    expect(h.body.data?.importPositions.errors.map((e) => e.reason).join(' ')).toContain('HISTORY export');
    const missing = await up<ImportData>('OWNER', IMPORT, {
      format: 'OKX',
      csv: 'instId,avgPx\nBTC-USD-SWAP,1\n',
      accountId: accounts.okx,
    });
    expect(missing.body.data?.importPositions.errors).toEqual([
      expect.objectContaining({
        row: 1,
        column: 'pos',
        reason: expect.stringContaining('missing column pos'),
      }),
    ]);
    const analyst = await up('ANALYST', IMPORT, { format: 'OKX', csv: 'x', accountId: accounts.okx });
    expect(codeOf(analyst)).toBe('FORBIDDEN');
    const foreign = await up('OWNER', IMPORT, {
      format: 'OKX',
      csv: await fixture('okx-positions.csv'),
      accountId: world.b.book.accountId,
    });
    expect(codeOf(foreign)).toBe('NOT_FOUND');
  });

  it('MERGE closes a 0 row and updates changed rows; REPLACE makes the account hold exactly the file', async () => {
    const accountId = accounts.okx ?? '';
    const merge = await up<ImportData>('RISK_MANAGER', IMPORT, {
      format: 'OKX',
      csv: 'instId,pos,posSide,avgPx\nBTC-USD-SWAP,0,net,\nBTC-USDT-SWAP,175,long,96000\n',
      accountId,
      mode: 'COMMIT',
    });
    expect(merge.body.data?.importPositions.summary).toMatchObject({ closed: 1, updated: 1 });
    expect(await held(t, accountId)).toEqual({ 'OKX BTC-USD-SWAP': '0', 'OKX BTC-USDT-SWAP': '175' });
    const kept = await t.admin.position.findFirst({
      where: { accountId, instrument: { symbol: 'BTC-USDT-SWAP' } },
      select: { entryPrice: true, marginMode: true, isolatedMargin: true },
    });
    // Absent columns keep stored values (margin mode and isolated margin came from the first import).
    expect(kept?.entryPrice?.toFixed()).toBe('96000');
    expect(kept?.marginMode).toBe('ISOLATED');
    expect(kept?.isolatedMargin?.toFixed()).toBe('2879.4');
    const replace = await up<ImportData>('RISK_MANAGER', IMPORT, {
      format: 'OKX',
      csv: 'instId,pos\nBTC-USDT-SWAP,-10\n',
      accountId,
      mode: 'COMMIT',
      strategy: 'REPLACE',
    });
    expect(replace.body.data?.importPositions.summary).toMatchObject({ updated: 1, deleted: 1 });
    expect(await held(t, accountId)).toEqual({ 'OKX BTC-USDT-SWAP': '-10' });
  });

  it('REPLACE refuses to delete a position a limit refers to; MERGE refuses an instrument held twice', async () => {
    const accountId = accounts.coinm ?? '';
    const held0 = await t.admin.position.findFirstOrThrow({
      where: { accountId, instrument: { symbol: 'SOLUSD_PERP' } },
    });
    const limit = await t.admin.limit.create({
      data: {
        fundId: world.a.fundId,
        name: `stop ${held0.id}`,
        kind: 'STOP_LEVEL',
        positionId: held0.id,
        threshold: '150',
      },
    });
    const before = await bookCounts(t.admin, world);
    const replace = await up<ImportData>('RISK_MANAGER', IMPORT, {
      format: 'BINANCE_COINM',
      csv: 'symbol,positionAmt\nBTCUSD_PERP,-150\n',
      accountId,
      mode: 'COMMIT',
      strategy: 'REPLACE',
    });
    expect(replace.body.data?.importPositions.errors).toEqual([
      expect.objectContaining({ row: null, reason: expect.stringContaining(`position ${held0.id}`) }),
    ]);
    await t.admin.limit.delete({ where: { id: limit.id } });
    // A second position in the same instrument makes MERGE ambiguous.
    await t.admin.position.create({
      data: { fundId: world.a.fundId, accountId, instrumentId: held0.instrumentId, quantity: '-5' },
    });
    const merge = await up<ImportData>('RISK_MANAGER', IMPORT, {
      format: 'BINANCE_COINM',
      csv: 'symbol,positionAmt\nSOLUSD_PERP,-1300\n',
      accountId,
      mode: 'COMMIT',
    });
    expect(merge.body.data?.importPositions.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'symbol',
        reason: expect.stringContaining('holds 2 positions'),
      }),
    ]);
    expect(await bookCounts(t.admin, world)).toEqual({ ...before, positions: (before.positions ?? 0) + 1 });
    // REPLACE resolves it: the oldest is updated, the other deleted.
    const fixed = await up<ImportData>('RISK_MANAGER', IMPORT, {
      format: 'BINANCE_COINM',
      csv: 'symbol,positionAmt\nSOLUSD_PERP,-1300\n',
      accountId,
      mode: 'COMMIT',
      strategy: 'REPLACE',
    });
    expect(fixed.body.data?.importPositions.summary).toMatchObject({ updated: 1, deleted: 3 });
    expect(await held(t, accountId)).toEqual({ 'Binance COIN-M SOLUSD_PERP': '-1300' });
    expect((await t.admin.position.findFirstOrThrow({ where: { accountId } })).id).toBe(held0.id);
  });

  it('enforces the size and row limits with clear errors; only upload mutations use the upload path', async () => {
    const header = 'venue,symbol,quantity\n';
    const tooMany = header + 'Spot,BTC,1\n'.repeat(20_001);
    const rows = await up('RISK_MANAGER', IMPORT, {
      format: 'GENERIC',
      csv: tooMany,
      accountId: accounts.big,
    });
    expect(codeOf(rows)).toBe('BAD_USER_INPUT');
    expect(firstError(rows)?.message).toContain('more than 20000 data rows');
    const huge = header + `Spot,BTC,1,${'x'.repeat(9000)}\n`.repeat(600);
    const size = await up('RISK_MANAGER', IMPORT, { format: 'GENERIC', csv: huge, accountId: accounts.big });
    expect(codeOf(size)).toBe('BAD_USER_INPUT');
    expect(firstError(size)?.message).toContain('at most 5242880 bytes');
    // The ordinary endpoint keeps its 100 KiB body limit.
    const small = await as('RISK_MANAGER', IMPORT, {
      format: 'GENERIC',
      csv: tooMany,
      accountId: accounts.big,
    });
    expect(small.status).toBe(413);
    const other = await up('OWNER', '{ me { kind } }');
    expect(other.status).toBe(400);
    expect(firstError(other)?.message).toContain('only mutations');
  });

  it('imports 20,000 generic rows (new custom instruments) in one transaction, timed', async () => {
    const lines = [
      'venue,symbol,quantity,entry_price,kind,settlement,underlying,quote_currency,settlement_currency,contract_size,expiry,strike,option_type',
    ];
    for (let i = 0; i < 20_000; i += 1) {
      const strike = 50_000 + i * 5;
      const type = i % 2 === 0 ? 'CALL' : 'PUT';
      lines.push(
        `Bench OTC,BENCH-${strike}-${type[0]},${i % 3 === 0 ? '-' : ''}${(i % 50) + 1}.5,${(i % 900) + 100},OPTION,LINEAR,BTC,USD,USDC,1,2026-12-25T08:00:00Z,${strike},${type}`,
      );
    }
    const csv = `${lines.join('\n')}\n`;
    const started = performance.now();
    const r = await up<ImportData>('RISK_MANAGER', IMPORT.replace('rows {', 'rows(limit: 3) {'), {
      format: 'GENERIC',
      csv,
      accountId: accounts.big,
      mode: 'COMMIT',
    });
    const wall = performance.now() - started;
    expect(r.body.errors).toBeUndefined();
    const data = r.body.data?.importPositions;
    expect(data?.errorCount).toBe(0);
    expect(data?.summary).toMatchObject({ created: 20_000, instrumentsCreated: 20_000 });
    expect(await t.admin.position.count({ where: { accountId: accounts.big } })).toBe(20_000);
    const negative = await t.admin.position.count({
      where: { accountId: accounts.big, quantity: { lt: 0 } },
    });
    expect(negative).toBe(6667);
    console.info(
      `import: 20,000 generic rows (${(csv.length / 1024).toFixed(0)} KiB, 20,000 new instruments) committed in ${wall.toFixed(0)} ms round trip (${data?.elapsedMs} ms in the api)`,
    );
    expect(wall).toBeLessThan(60_000);
  }, 120_000);
});

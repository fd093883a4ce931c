import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, bookCounts, caller, catalogId, ensureCatalog, firstError } from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

const CREATE =
  'mutation($input: CreateInstrumentInput!) { createInstrument(input: $input) { id symbol isCustom kind contractSize } }';

interface Page {
  instruments: { edges: { node: { symbol: string; venue: string; isCustom: boolean } }[] };
}

describe('instruments: catalog queries and custom instruments', () => {
  let t: TestApi;
  let world: World;
  let as: As;

  beforeAll(async () => {
    t = await startTestApi();
    await ensureCatalog(t.admin);
    world = await createWorld(t.admin, 'api-instr');
    as = caller(t, world.a);
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('lists the catalog with filters and reads by id and symbol', async () => {
    const list = async (filter: Record<string, unknown>) => {
      const r = await as<Page>(
        'VIEWER',
        'query($f: InstrumentFilter) { instruments(first: 100, filter: $f) { edges { node { symbol venue isCustom } } } }',
        { f: filter },
      );
      expect(r.body.errors, JSON.stringify(filter)).toBeUndefined();
      return r.body.data?.instruments.edges.map((e) => e.node) ?? [];
    };
    expect((await list({ venue: 'OKX' })).map((n) => n.symbol)).toEqual(['BTC-USD-SWAP', 'BTC-USDT-SWAP']);
    expect(await list({ venue: 'Binance COIN-M', underlying: 'btc' })).toEqual([
      { symbol: 'BTCUSD_PERP', venue: 'Binance COIN-M', isCustom: false },
    ]);
    const calls = await list({
      kind: 'OPTION',
      underlying: 'ETH',
      expiryFrom: '2027-01-01T00:00:00Z',
      expiryTo: '2027-04-01T00:00:00Z',
      symbolContains: '-c',
    });
    expect(calls).toHaveLength(7);
    expect(calls.every((c) => c.symbol.startsWith('ETH-26MAR27-') && c.symbol.endsWith('-C'))).toBe(true);
    expect((await list({ settlement: 'QUANTO' })).map((n) => n.symbol)).toEqual(['ETHUSD']);
    expect(await list({ custom: true })).toEqual([
      { symbol: expect.stringMatching(/^BOOK-/), venue: 'Test venue', isCustom: true },
    ]);
    const id = await catalogId(t.admin, 'Deribit', 'BTC-PERPETUAL');
    const one = await as<{ instrument: { contractSize: string; settlement: string } }>(
      'READ',
      'query($id: ID!) { instrument(id: $id) { contractSize settlement } }',
      { id },
    );
    expect(one.body.data?.instrument).toEqual({ contractSize: '10', settlement: 'INVERSE' });
    const bySymbol = await as<{ instrumentBySymbol: { id: string } | null }>(
      'READ',
      '{ instrumentBySymbol(venue: "Deribit", symbol: "BTC-PERPETUAL") { id } }',
    );
    expect(bySymbol.body.data?.instrumentBySymbol?.id).toBe(id);
  });

  it('creates custom instruments validated per kind; invalid ones write nothing', async () => {
    const before = await bookCounts(t.admin, world);
    const bad: [Record<string, unknown>, string, string][] = [
      [{ kind: 'OPTION', settlement: 'LINEAR' }, 'expiry', 'expiry: is required for kind OPTION'],
      [
        { kind: 'OPTION', settlement: 'LINEAR', expiry: '2026-12-25T08:00:00Z' },
        'strike',
        'strike: is required',
      ],
      [
        { kind: 'PERPETUAL', settlement: 'QUANTO', settlementCurrency: 'BTC', underlying: 'ETH' },
        'multiplier',
        'QUANTO',
      ],
      [{ kind: 'LENDING_RESERVE' }, 'liquidationThreshold', 'is required for a LENDING_RESERVE'],
      [{ kind: 'PERPETUAL', settlement: 'LINEAR', contractSize: '-1' }, 'contractSize', 'must be > 0'],
      [{ kind: 'PERPETUAL', settlement: 'LINEAR', contractSize: '1e400' }, 'contractSize', 'must be finite'],
      [{ kind: 'PERPETUAL', settlement: 'INVERSE' }, 'settlementCurrency', 'must equal the underlying'],
      [{ kind: 'SPOT', settlement: 'LINEAR' }, 'settlement', 'must be empty for kind SPOT'],
      [{ kind: 'LEVERAGED_TOKEN' }, 'targetLeverage', 'is required'],
      [{ kind: 'LEVERAGED_TOKEN', targetLeverage: '0' }, 'targetLeverage', 'must not be 0'],
    ];
    for (const [input, field, message] of bad) {
      const r = await as('RISK_MANAGER', CREATE, {
        input: {
          venue: 'OTC',
          symbol: 'X',
          underlying: 'BTC',
          quoteCurrency: 'USD',
          settlementCurrency: 'USDC',
          ...input,
        },
      });
      expect(codeOf(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(firstError(r)?.extensions?.field, JSON.stringify(input)).toBe(field);
      expect(firstError(r)?.message).toContain(message);
    }
    const shadow = await as('RISK_MANAGER', CREATE, {
      input: {
        venue: 'Deribit',
        symbol: 'BTC-PERPETUAL',
        kind: 'PERPETUAL',
        settlement: 'INVERSE',
        underlying: 'BTC',
        quoteCurrency: 'USD',
        settlementCurrency: 'BTC',
        contractSize: '10',
      },
    });
    expect(codeOf(shadow)).toBe('CONFLICT');
    expect(
      codeOf(
        await as('ANALYST', CREATE, {
          input: {
            venue: 'a',
            symbol: 'b',
            kind: 'SPOT',
            underlying: 'BTC',
            quoteCurrency: 'USD',
            settlementCurrency: 'USD',
          },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await bookCounts(t.admin, world)).toEqual(before);

    const quanto = await as<{ createInstrument: { id: string; isCustom: boolean; contractSize: string } }>(
      'RISK_MANAGER',
      CREATE,
      {
        input: {
          venue: 'OTC',
          symbol: 'SOLUSD-QUANTO',
          kind: 'PERPETUAL',
          settlement: 'QUANTO',
          underlying: 'SOL',
          quoteCurrency: 'USD',
          settlementCurrency: 'BTC',
          multiplier: '0.0000001',
        },
      },
    );
    expect(quanto.body.errors).toBeUndefined();
    expect(quanto.body.data?.createInstrument).toMatchObject({ isCustom: true, contractSize: '1' });
    const id = quanto.body.data?.createInstrument.id;
    const upd = await as<{ updateInstrument: { multiplier: string; notes: string } }>(
      'RISK_MANAGER',
      'mutation($id: ID!) { updateInstrument(id: $id, input: { multiplier: "0.0000002", notes: "OTC quanto" }) { multiplier notes } }',
      { id },
    );
    expect(upd.body.data?.updateInstrument).toEqual({ multiplier: '0.0000002', notes: 'OTC quanto' });
    const broken = await as(
      'RISK_MANAGER',
      'mutation($id: ID!) { updateInstrument(id: $id, input: { multiplier: null }) { id } }',
      {
        id,
      },
    );
    expect(firstError(broken)?.extensions?.field).toBe('multiplier');
    const off = await as<{ deactivateInstrument: { active: boolean } }>(
      'OWNER',
      'mutation($id: ID!) { deactivateInstrument(id: $id) { active } }',
      { id },
    );
    expect(off.body.data?.deactivateInstrument.active).toBe(false);
    // Global rows are read-only; B's custom instrument is NOT_FOUND.
    const global = await catalogId(t.admin, 'OKX', 'BTC-USD-SWAP');
    expect(
      codeOf(
        await as('OWNER', 'mutation($id: ID!) { deactivateInstrument(id: $id) { id } }', { id: global }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await as('OWNER', 'query($id: ID!) { instrument(id: $id) { id } }', {
          id: world.b.book.instrumentId,
        }),
      ),
    ).toBe('NOT_FOUND');
    const audit = await t.admin.auditLog.findMany({
      where: { fundId: world.a.fundId, targetId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'instrument.create',
      'instrument.update',
      'instrument.deactivate',
    ]);
  });
});

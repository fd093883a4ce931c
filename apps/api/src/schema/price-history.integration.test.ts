import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, bookCounts, caller, firstError, uploader } from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

const UPLOAD =
  'mutation($csv: String, $closes: [PriceCloseInput!], $source: String!) { uploadPriceHistory(csv: $csv, closes: $closes, source: $source) { count inserted updated tokens from to } }';
const QUERY =
  'query($tokens: [String!]!, $from: String!, $to: String!, $scope: PriceScope) { priceHistory(tokens: $tokens, from: $from, to: $to, scope: $scope) { token closes { date close isGlobal } } }';

interface Series {
  priceHistory: { token: string; closes: { date: string; close: string; isGlobal: boolean }[] }[];
}

describe('price history: upload daily closes (CSV or list), query by token and range', () => {
  let t: TestApi;
  let world: World;
  let as: As;
  let up: As;

  beforeAll(async () => {
    t = await startTestApi();
    world = await createWorld(t.admin, 'api-prices');
    as = caller(t, world.a);
    up = uploader(t, world.a);
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('upserts CSV closes in one transaction and a list over them', async () => {
    const csv = 'date,token,close_usd\n2024-03-01,ABCX,1.25\n2024-03-02,ABCX,1.3\n2024-03-01,DEFX,250\n';
    const r = await up<{ uploadPriceHistory: Record<string, unknown> }>('RISK_MANAGER', UPLOAD, {
      csv,
      source: 'desk',
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.uploadPriceHistory).toEqual({
      count: 3,
      inserted: 3,
      updated: 0,
      tokens: ['ABCX', 'DEFX'],
      from: '2024-03-01',
      to: '2024-03-02',
    });
    const list = await as<{ uploadPriceHistory: Record<string, unknown> }>('OWNER', UPLOAD, {
      closes: [
        { date: '2024-03-02', token: 'abcx', close: '1.35' },
        { date: '2024-03-03', token: 'ABCX', close: '1.4' },
      ],
      source: 'correction',
    });
    expect(list.body.data?.uploadPriceHistory).toMatchObject({ count: 2, inserted: 1, updated: 1 });
    const q = await as<Series>('VIEWER', QUERY, {
      tokens: ['ABCX', 'DEFX'],
      from: '2024-03-01',
      to: '2024-03-31',
    });
    expect(q.body.data?.priceHistory).toEqual([
      {
        token: 'ABCX',
        closes: [
          { date: '2024-03-01', close: '1.25', isGlobal: false },
          { date: '2024-03-02', close: '1.35', isGlobal: false },
          { date: '2024-03-03', close: '1.4', isGlobal: false },
        ],
      },
      { token: 'DEFX', closes: [{ date: '2024-03-01', close: '250', isGlobal: false }] },
    ]);
    // Fund B sees none of them.
    const b = await caller(t, world.b)<Series>('OWNER', QUERY, {
      tokens: ['ABCX'],
      from: '2024-03-01',
      to: '2024-03-31',
    });
    expect(b.body.data?.priceHistory).toEqual([{ token: 'ABCX', closes: [] }]);
  });

  it('reads the global data set and lets own closes win on the same day', async () => {
    const global = await t.admin.priceHistory.findFirst({
      where: { fundId: null, token: 'BTC' },
      orderBy: { date: 'desc' },
    });
    if (!global) return; // the global data set is seeded by the db package's seed test
    const day = global.date.toISOString().slice(0, 10);
    const own = await as<Series>('READ', QUERY, { tokens: ['BTC'], from: day, to: day });
    expect(own.body.data?.priceHistory[0]?.closes).toEqual([
      { date: day, close: global.close.toString(), isGlobal: true },
    ]);
    await as('RISK_MANAGER', UPLOAD, {
      closes: [{ date: day, token: 'BTC', close: '12345.67' }],
      source: 'override',
    });
    const all = await as<Series>('READ', QUERY, { tokens: ['BTC'], from: day, to: day });
    expect(all.body.data?.priceHistory[0]?.closes).toEqual([
      { date: day, close: '12345.67', isGlobal: false },
    ]);
    const g = await as<Series>('READ', QUERY, { tokens: ['BTC'], from: day, to: day, scope: 'GLOBAL' });
    expect(g.body.data?.priceHistory[0]?.closes[0]?.isGlobal).toBe(true);
  });

  it('lists every bad row with its line and column, and writes nothing', async () => {
    const before = await bookCounts(t.admin, world);
    const csv = [
      'date,token,close_usd',
      '2024-03-10,ABCX,1.5',
      '2024-02-30,ABCX,1.5',
      '2024-03-11,ABCX,-2',
      '2024-03-12,ABCX,NaN',
      '2024-03-13,ABCX,1e400',
      '2024-03-10,ABCX,1.6',
      '2999-01-01,ABCX,1',
      '2024-03-14,A B,1',
    ].join('\n');
    const r = await up('RISK_MANAGER', UPLOAD, { csv, source: 'bad' });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    const issues = firstError(r)?.extensions?.issues as { row: number; column: string; reason: string }[];
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'date'],
      [4, 'close_usd'],
      [5, 'close_usd'],
      [6, 'close_usd'],
      [7, 'date'],
      [8, 'date'],
      [9, 'token'],
    ]);
    expect(issues[3]?.reason).toContain('must be finite');
    expect(firstError(r)?.extensions?.issueCount).toBe(7);
    const bad = await as('RISK_MANAGER', UPLOAD, {
      closes: [{ date: '2024-03-01', token: 'X', close: '0' }],
      source: 's',
    });
    expect(firstError(bad)?.message).toContain('closes[0].close_usd');
    expect(codeOf(await as('RISK_MANAGER', UPLOAD, { csv: 'date,token\n2024-01-01,X\n', source: 's' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await as('ANALYST', UPLOAD, { csv, source: 's' }))).toBe('FORBIDDEN');
    expect(await bookCounts(t.admin, world)).toEqual(before);
  });

  it('validates queries and deletes own closes', async () => {
    expect(codeOf(await as('VIEWER', QUERY, { tokens: [], from: '2024-01-01', to: '2024-01-02' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await as('VIEWER', QUERY, { tokens: ['BTC'], from: '2024-02-01', to: '2024-01-01' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await as('VIEWER', QUERY, { tokens: ['BTC'], from: 'yesterday', to: '2024-01-01' }))).toBe(
      'BAD_USER_INPUT',
    );
    const del = await as<{ deletePriceHistory: number }>(
      'RISK_MANAGER',
      'mutation { deletePriceHistory(token: "ABCX", from: "2024-03-01", to: "2024-03-02") }',
    );
    expect(del.body.data?.deletePriceHistory).toBe(2);
  });
});

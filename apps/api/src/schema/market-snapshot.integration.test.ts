import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, bookCounts, caller, ensureCatalog, firstError, uploader } from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

const UPLOAD =
  'mutation($input: UploadMarketSnapshotInput!) { uploadMarketSnapshot(input: $input) { id asOf rate isGlobal quoteCount quotes { kind token expiry strike value } } }';

const asOf = '2026-01-15T00:00:00.000Z';
const valid = () => ({
  asOf,
  source: 'desk marks 15 Jan',
  rate: '0.041',
  spots: [
    { token: 'BTC', value: '97250.5' },
    { token: 'ETH', value: '3310.25' },
  ],
  indices: [{ token: 'BTC', value: '97240' }],
  marks: [{ token: 'BTC', value: '97260' }],
  forwards: [
    { token: 'BTC', expiry: '2026-12-25T08:00:00Z', value: '101900' },
    { token: 'BTC', expiry: '2027-03-26T08:00:00Z', value: '103100' },
  ],
  vols: [
    { token: 'BTC', value: '0.55' },
    { token: 'BTC', expiry: '2026-12-25T08:00:00Z', value: '0.58' },
    { token: 'BTC', expiry: '2026-12-25T08:00:00Z', strike: '100000', value: '0.57' },
    { token: 'BTC', expiry: '2026-12-25T08:00:00Z', strike: '80000', value: '0.63' },
  ],
});

describe('market snapshots: upload validated whole, list latest global + own', () => {
  let t: TestApi;
  let world: World;
  let as: As;

  beforeAll(async () => {
    t = await startTestApi();
    await ensureCatalog(t.admin);
    world = await createWorld(t.admin, 'api-market');
    as = caller(t, world.a);
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('uploads a snapshot with every quote kind in one transaction', async () => {
    const r = await as<{
      uploadMarketSnapshot: {
        id: string;
        quoteCount: number;
        isGlobal: boolean;
        rate: string;
        quotes: { kind: string; strike: string | null }[];
      };
    }>('RISK_MANAGER', UPLOAD, { input: valid() });
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data?.uploadMarketSnapshot;
    expect(s).toMatchObject({ quoteCount: 10, isGlobal: false, rate: '0.041' });
    expect(s?.quotes.filter((q) => q.kind === 'VOL').map((q) => q.strike)).toEqual([
      '80000',
      '100000',
      null,
      null,
    ]);
    const audit = await t.admin.auditLog.findFirst({ where: { fundId: world.a.fundId, targetId: s?.id } });
    expect(audit?.details).toMatchObject({ quotes: { SPOT: 2, INDEX: 1, MARK: 1, FORWARD: 2, VOL: 4 } });
    // Large snapshots go through the upload endpoint too.
    const big = valid();
    big.source = 'via upload path';
    const viaUpload = await uploader(t, world.a)<{ uploadMarketSnapshot: { quoteCount: number } }>(
      'OWNER',
      UPLOAD,
      { input: big },
    );
    expect(viaUpload.body.data?.uploadMarketSnapshot.quoteCount).toBe(10);
  });

  it('rejects bad values (every problem listed) and writes nothing', async () => {
    const before = await bookCounts(t.admin, world);
    const cases: [(i: ReturnType<typeof valid>) => void, string, string][] = [
      [
        (i) => {
          i.spots[0] = { token: 'BTC', value: '-1' };
        },
        'spots[0].value',
        'must be > 0',
      ],
      [
        (i) => {
          i.spots[0] = { token: 'BTC', value: '1e400' };
        },
        'spots[0].value',
        'must be finite',
      ],
      [
        (i) => {
          i.vols[0] = { token: 'BTC', value: '0' };
        },
        'vols[0].value',
        'must be > 0',
      ],
      [
        (i) => {
          i.vols[0] = { token: 'BTC', value: '10.5' };
        },
        'vols[0].value',
        'must be <= 10',
      ],
      [
        (i) => {
          i.forwards[0] = { token: 'BTC', expiry: '2025-12-25T08:00:00Z', value: '1' };
        },
        'forwards[0].expiry',
        'must be after asOf',
      ],
      [
        (i) => {
          i.vols.push({ token: 'BTC', expiry: '2026-12-25T08:00:00Z', strike: '100000', value: '0.6' });
        },
        'vols[4]',
        'duplicates vols[2]',
      ],
      [
        (i) => {
          i.vols.push({ token: 'BTC', strike: '100000', value: '0.6' } as never);
        },
        'vols[4].strike',
        'needs an expiry',
      ],
      [
        (i) => {
          i.rate = '1.5';
        },
        'rate',
        'must be < 1',
      ],
      [
        (i) => {
          i.asOf = '2999-01-01T00:00:00Z';
        },
        'asOf',
        'must not be in the future',
      ],
    ];
    for (const [change, field, message] of cases) {
      const input = valid();
      change(input);
      const r = await as('RISK_MANAGER', UPLOAD, { input });
      expect(codeOf(r), field).toBe('BAD_USER_INPUT');
      expect(firstError(r)?.extensions?.field, field).toBe(field);
      expect(firstError(r)?.message, field).toContain(message);
    }
    // Two problems at once: both listed.
    const both = valid();
    both.spots[1] = { token: 'ETH', value: 'NaN' };
    both.vols[1] = { token: 'BTC', expiry: '2026-12-25T08:00:00Z', value: '0' };
    const r = await as('RISK_MANAGER', UPLOAD, {
      input: { ...both, spots: [{ token: 'BTC', value: '-5' }] },
    });
    expect(firstError(r)?.message).toMatch(
      /2 invalid value\(s\): spots\[0\]\.value: must be > 0 .*vols\[1\]\.value: must be > 0/,
    );
    expect(codeOf(await as('ANALYST', UPLOAD, { input: valid() }))).toBe('FORBIDDEN');
    expect(await bookCounts(t.admin, world)).toEqual(before);
  });

  it('lists global and own snapshots newest first, the latest per scope, and deletes own ones', async () => {
    const global = await t.admin.marketSnapshot.create({
      data: {
        fundId: null,
        asOf: new Date('2030-01-01T00:00:00Z'),
        source: `test global ${world.a.fundId}`,
        quotes: { create: [{ kind: 'SPOT', token: 'BTC', value: '1' }] },
      },
    });
    try {
      const latest = await as<{ all: { id: string }; own: { source: string } }>(
        'VIEWER',
        '{ all: latestMarketSnapshot { id } own: latestMarketSnapshot(scope: OWN) { source } }',
      );
      expect(latest.body.data?.all.id).toBe(global.id);
      expect(latest.body.data?.own.source).toBe('via upload path');
      const own = await as<{ marketSnapshots: { edges: { node: { source: string; isGlobal: boolean } }[] } }>(
        'READ',
        '{ marketSnapshots(first: 10, filter: { scope: OWN }) { edges { node { source isGlobal } } } }',
      );
      expect(own.body.data?.marketSnapshots.edges.every((e) => !e.node.isGlobal)).toBe(true);
      expect(own.body.data?.marketSnapshots.edges).toHaveLength(3);
      expect(
        codeOf(await as('OWNER', 'mutation($id: ID!) { deleteMarketSnapshot(id: $id) }', { id: global.id })),
      ).toBe('FORBIDDEN');
      const one = await as<{ marketSnapshot: { quotes: { token: string }[] } }>(
        'VIEWER',
        'query($id: ID!) { marketSnapshot(id: $id) { quotes(kind: SPOT) { token } } }',
        { id: world.a.book.snapshotId },
      );
      expect(one.body.data?.marketSnapshot.quotes).toEqual([{ token: 'BTC' }]);
      const del = await as<{ deleteMarketSnapshot: string }>(
        'RISK_MANAGER',
        'mutation($id: ID!) { deleteMarketSnapshot(id: $id) }',
        {
          id: world.a.book.snapshotId,
        },
      );
      expect(del.body.data?.deleteMarketSnapshot).toBe(world.a.book.snapshotId);
    } finally {
      await t.admin.marketSnapshot.delete({ where: { id: global.id } });
    }
  });
});

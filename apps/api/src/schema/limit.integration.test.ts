/**
 * Limits (CRUD, audited, RISK_MANAGER+), alerts (filters, paging, acknowledge ANALYST+) and the
 * stateless calculators, on the real database.
 */
import { black76, coinSettledView } from '@dte/risk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  createWorld,
  type GqlResponse,
  startTestApi,
  type TestApi,
  type World,
} from '../testing/harness.ts';

let t: TestApi;
let world: World;

beforeAll(async () => {
  t = await startTestApi();
  world = await createWorld(t.admin, 'api-limit');
});

afterAll(async () => {
  await world?.cleanup();
  await t?.stop();
});

type Role = 'OWNER' | 'RISK_MANAGER' | 'ANALYST' | 'VIEWER';
const as = (role: Role) => ({ token: world.a.members[role].token, fundId: world.a.fundId });

function ok<T>(response: GqlResponse<T>): T {
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

const counts = async () => ({
  limits: await t.admin.limit.count({ where: { fundId: world.a.fundId } }),
  audit: await t.admin.auditLog.count({ where: { fundId: world.a.fundId } }),
});

const CREATE = `mutation($input: LimitInput!) { createLimit(input: $input) {
  id name kind token accountId positionId threshold warnAt params enabled createdById openAlertCount } }`;

describe('limits', () => {
  it('creates, reads, lists, updates and deletes a limit, each change audited', async () => {
    const created = ok(
      await t.gql<{ createLimit: Record<string, unknown> & { id: string } }>(
        CREATE,
        {
          input: {
            name: 'ETH net delta',
            kind: 'NET_DELTA',
            token: 'ETH',
            threshold: '2500.5',
            warnAt: '0.8',
            accountId: world.a.book.accountId,
            params: { unit: 'tokens', absolute: true },
          },
        },
        as('RISK_MANAGER'),
      ),
    ).createLimit;
    expect(created).toMatchObject({
      name: 'ETH net delta',
      kind: 'NET_DELTA',
      threshold: '2500.5',
      warnAt: '0.8',
      enabled: true,
      accountId: world.a.book.accountId,
      createdById: world.a.members.RISK_MANAGER.userId,
      openAlertCount: 0,
    });
    const stop = ok(
      await t.gql<{ createLimit: { id: string; positionId: string } }>(
        CREATE,
        {
          input: {
            name: 'stop',
            kind: 'STOP_LEVEL',
            threshold: '80000',
            positionId: world.a.book.positionId,
          },
        },
        as('OWNER'),
      ),
    ).createLimit;
    expect(stop.positionId).toBe(world.a.book.positionId);

    const read = ok(
      await t.gql<{ limit: { id: string; threshold: string } }>(
        'query($id: ID!) { limit(id: $id) { id threshold } }',
        { id: created.id },
        as('VIEWER'),
      ),
    );
    expect(read.limit.threshold).toBe('2500.5');
    const list = ok(
      await t.gql<{ limits: { edges: { node: { id: string } }[] } }>(
        '{ limits(first: 10, kind: NET_DELTA) { edges { node { id kind } } } }',
        {},
        as('VIEWER'),
      ),
    );
    expect(list.limits.edges.map((e) => e.node.id)).toContain(created.id);
    expect(list.limits.edges.map((e) => e.node.id)).not.toContain(stop.id);

    const updated = ok(
      await t.gql<{ updateLimit: { threshold: string; enabled: boolean; warnAt: string | null } }>(
        'mutation($id: ID!) { updateLimit(id: $id, patch: { threshold: "3000", enabled: false, warnAt: null }) { threshold enabled warnAt } }',
        { id: created.id },
        as('RISK_MANAGER'),
      ),
    );
    expect(updated.updateLimit).toEqual({ threshold: '3000', enabled: false, warnAt: null });
    const deleted = ok(
      await t.gql<{ deleteLimit: string }>(
        'mutation($id: ID!) { deleteLimit(id: $id) }',
        { id: created.id },
        as('RISK_MANAGER'),
      ),
    );
    expect(deleted.deleteLimit).toBe(created.id);
    const actions = await t.admin.auditLog.findMany({
      where: { fundId: world.a.fundId, targetId: { in: [created.id, stop.id] } },
      orderBy: { createdAt: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'limit.create',
      'limit.create',
      'limit.update',
      'limit.delete',
    ]);
    const gone = await t.gql('query($id: ID!) { limit(id: $id) { id } }', { id: created.id }, as('VIEWER'));
    expect(codeOf(gone)).toBe('NOT_FOUND');
  });

  it('rejects bad numbers with the field and value, writing nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', kind: 'NET_DELTA', threshold: '-1' }, 'threshold'],
      [{ name: 'x', kind: 'NET_DELTA', threshold: '0' }, 'threshold'],
      [{ name: 'x', kind: 'LIQUIDATION_DISTANCE', threshold: '1.5' }, 'threshold'],
      [{ name: 'x', kind: 'LEVERAGE', threshold: '1e9' }, 'threshold'],
      [{ name: 'x', kind: 'NET_DELTA', threshold: '1', warnAt: '1.2' }, 'warnAt'],
      [{ name: 'x', kind: 'NET_DELTA', threshold: '1', warnAt: '0' }, 'warnAt'],
      [{ name: ' ', kind: 'NET_DELTA', threshold: '1' }, 'name'],
      [{ name: 'x', kind: 'NET_DELTA', threshold: '1', token: 'B T C' }, 'token'],
      [{ name: 'x', kind: 'STOP_LEVEL', threshold: '1' }, 'positionId'],
    ];
    for (const [input, field] of cases) {
      const response = await t.gql(CREATE, { input }, as('RISK_MANAGER'));
      expect(codeOf(response), field).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    }
    const message = (await t.gql(CREATE, { input: cases[0]?.[0] }, as('RISK_MANAGER'))).body.errors?.[0]
      ?.message;
    expect(message).toBe('threshold: must be > 0 (got -1)');
    // NaN / Infinity never get past the Decimal scalar.
    for (const threshold of ['NaN', 'Infinity', '1e999']) {
      const response = await t.gql(
        CREATE,
        { input: { name: 'x', kind: 'VAR', threshold } },
        as('RISK_MANAGER'),
      );
      expect(response.body.errors?.length, threshold).toBe(1);
      expect(response.body.data?.createLimit ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses an account of another fund as NOT_FOUND, writing nothing', async () => {
    const before = await counts();
    const response = await t.gql(
      CREATE,
      { input: { name: 'x', kind: 'NET_DELTA', threshold: '1', accountId: world.b.book.accountId } },
      as('OWNER'),
    );
    expect(codeOf(response)).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('alerts', () => {
  it('lists with filters and pages, acknowledges (ANALYST+), audited, idempotent', async () => {
    const limitId = world.a.risk.limitId;
    const extra = await t.admin.alert.create({
      data: {
        fundId: world.a.fundId,
        limitId,
        subject: 'ETH',
        severity: 'WARNING',
        message: 'fixture ETH warning',
        value: '90',
        threshold: '100',
        openedAt: new Date(Date.now() - 86_400_000),
      },
    });
    type L = {
      alerts: {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string; status: string } }[];
      };
    };
    const page1 = ok(
      await t.gql<L>(
        '{ alerts(first: 1) { pageInfo { hasNextPage endCursor } edges { node { id status } } } }',
        {},
        as('VIEWER'),
      ),
    ).alerts;
    expect(page1.edges[0]?.node.id).toBe(world.a.risk.alertId); // newest first
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = ok(
      await t.gql<L>(
        'query($a: String) { alerts(first: 5, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id status } } } }',
        { a: page1.pageInfo.endCursor },
        as('VIEWER'),
      ),
    ).alerts;
    expect(page2.edges.map((e) => e.node.id)).toEqual([extra.id]);
    const filtered = ok(
      await t.gql<L>(
        'query($l: ID!) { alerts(first: 5, severity: [WARNING], status: [OPEN], limitId: $l) { pageInfo { hasNextPage endCursor } edges { node { id status } } } }',
        { l: limitId },
        as('VIEWER'),
      ),
    ).alerts;
    expect(filtered.edges.map((e) => e.node.id)).toEqual([extra.id]);

    const ack =
      'mutation($id: ID!) { acknowledgeAlert(id: $id, note: "seen") { id status acknowledgedAt acknowledgedById limit { id } } }';
    const viewer = await t.gql(ack, { id: extra.id }, as('VIEWER'));
    expect(codeOf(viewer)).toBe('FORBIDDEN');
    const done = ok(
      await t.gql<{ acknowledgeAlert: { status: string; acknowledgedById: string; limit: { id: string } } }>(
        ack,
        { id: extra.id },
        as('ANALYST'),
      ),
    ).acknowledgeAlert;
    expect(done).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedById: world.a.members.ANALYST.userId,
      limit: { id: limitId },
    });
    const again = ok(
      await t.gql<{ acknowledgeAlert: { status: string } }>(ack, { id: extra.id }, as('RISK_MANAGER')),
    );
    expect(again.acknowledgeAlert.status).toBe('ACKNOWLEDGED');
    const audit = await t.admin.auditLog.findMany({
      where: { targetId: extra.id },
      select: { action: true, details: true },
    });
    expect(audit.map((a) => a.action)).toEqual(['alert.acknowledge', 'alert.acknowledge']);

    await t.admin.alert.update({
      where: { id: extra.id },
      data: { status: 'CLEARED', clearedAt: new Date() },
    });
    expect(codeOf(await t.gql(ack, { id: extra.id }, as('ANALYST')))).toBe('CONFLICT');
    const one = ok(
      await t.gql<{ alert: { status: string } }>(
        'query($id: ID!) { alert(id: $id) { status } }',
        { id: extra.id },
        as('VIEWER'),
      ),
    );
    expect(one.alert.status).toBe('CLEARED');
  });
});

describe('calculators', () => {
  it('prices an option with greeks and the coin view (risk-core black76)', async () => {
    const data = ok(
      await t.gql<{ optionPrice: Record<string, number> }>(
        `{ optionPrice(input: { type: CALL, forward: 91600, strike: 100000, vol: 0.56, rate: 0.04, expiryYears: 0.0959, settlement: INVERSE, quantity: 25 }) {
          expiryYears price delta gamma vega theta cashGammaUsd coinPrice coinDelta quantity positionValue positionDelta positionVega positionTheta } }`,
        {},
        { token: world.a.keys.READ.key },
      ),
    ).optionPrice;
    const r = black76({
      type: 'call',
      forward: 91600,
      strike: 100000,
      expiryYears: 0.0959,
      vol: 0.56,
      rate: 0.04,
    });
    const coin = coinSettledView(r, 91600);
    expect(data).toMatchObject({
      price: r.price,
      delta: r.delta,
      gamma: r.gamma,
      vega: r.vega,
      theta: r.theta,
    });
    expect(data.coinPrice).toBe(coin.coinPrice);
    expect(data.coinDelta).toBe(coin.coinDelta);
    expect(data.positionValue).toBe(25 * r.price);
    // expiry + valuation time = ACT/365.
    const dated = ok(
      await t.gql<{ optionPrice: { expiryYears: number; coinPrice: number | null } }>(
        '{ optionPrice(input: { type: PUT, forward: 100, strike: 90, vol: 0.8, expiry: "2027-01-01T00:00:00Z", valuationTime: "2026-01-01T00:00:00Z" }) { expiryYears coinPrice } }',
        {},
        { token: world.a.members.VIEWER.token },
      ),
    ).optionPrice;
    expect(dated).toEqual({ expiryYears: 1, coinPrice: null });
  });

  it('rejects invalid inputs with the field and value', async () => {
    const q = 'query($i: OptionPriceInput!) { optionPrice(input: $i) { price } }';
    const base = { type: 'CALL', forward: 100, strike: 100, vol: 0.5, expiryYears: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, forward: -1 }, 'input.forward'],
      [{ ...base, vol: 0 }, 'input.vol'],
      [{ ...base, vol: 50 }, 'input.vol'],
      [{ ...base, rate: 2 }, 'input.rate'],
      [{ ...base, expiryYears: -0.1 }, 'input.expiryYears'],
      [{ ...base, expiry: '2030-01-01T00:00:00Z' }, 'input.expiry'],
      [{ type: 'CALL', forward: 100, strike: 100, vol: 0.5 }, 'input.expiryYears'],
    ];
    for (const [i, field] of cases) {
      const response = await t.gql(q, { i }, { token: world.a.members.ANALYST.token });
      expect(codeOf(response), field).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    }
  });

  it('inverts prices in a batch, answering each input with a vol or its reason', async () => {
    const r = black76({ type: 'put', forward: 3100, strike: 2800, expiryYears: 0.25, vol: 0.72, rate: 0.03 });
    const data = ok(
      await t.gql<{
        impliedVol: {
          index: number;
          vol: number | null;
          code: string | null;
          field: string | null;
          message: string | null;
        }[];
      }>(
        `query($p: Float!, $c: Float!) { impliedVol(inputs: [
          { type: PUT, price: $p, forward: 3100, strike: 2800, expiryYears: 0.25, rate: 0.03 },
          { type: PUT, price: $c, forward: 3100, strike: 2800, expiryYears: 0.25, rate: 0.03, settlement: INVERSE },
          { type: CALL, price: 5000, forward: 3100, strike: 2800, expiryYears: 0.25 },
          { type: CALL, price: 10, forward: -3100, strike: 2800, expiryYears: 0.25 },
          { type: CALL, price: 10, forward: 3100, strike: 2800, expiryYears: 0 }
        ]) { index vol iterations code field message } }`,
        { p: r.price, c: r.price / 3100 },
        { token: world.a.members.VIEWER.token },
      ),
    ).impliedVol;
    expect(data[0]?.vol).toBeCloseTo(0.72, 12);
    expect(data[1]?.vol).toBeCloseTo(0.72, 12);
    expect(data[2]).toMatchObject({ vol: null, code: 'NO_SOLUTION', field: 'inputs[2].price' });
    expect(data[3]).toMatchObject({ vol: null, code: 'BAD_USER_INPUT', field: 'inputs[3].forward' });
    expect(data[3]?.message).toMatch(/inputs\[3\]\.forward: must be > 0 \(got -3100\)/);
    expect(data[4]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[4].expiryYears' });
    const tooMany = await t.gql(
      'query($i: [ImpliedVolInput!]!) { impliedVol(inputs: $i) { vol } }',
      {
        i: Array.from({ length: 101 }, () => ({
          type: 'CALL',
          price: 1,
          forward: 1,
          strike: 1,
          expiryYears: 1,
        })),
      },
      { token: world.a.members.VIEWER.token },
    );
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });
});

import { randomUUID } from 'node:crypto';
import type { Role } from '@dte/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAtLeast } from './auth/roles.ts';
import { schema } from './schema/index.ts';
import {
  codeOf,
  createWorld,
  issueSession,
  startTestApi,
  type TestApi,
  type World,
} from './testing/harness.ts';

/** Who may call an operation: anyone, any session/key, a person's session, or a minimum fund role. */
type Requirement = 'public' | 'authenticated' | 'user' | 'member' | Role;

/** One operation of the matrix; arguments are chosen so an authorised call never fails on auth. */
interface MatrixRow {
  field: string;
  kind: 'query' | 'mutation';
  requires: Requirement;
  document: string;
  variables?: () => Record<string, unknown>;
}

/**
 * Every mutation (a test checks the list is complete) and every query field, with the access the
 * specification gives it. Domain types add their rows here.
 */
const MATRIX: MatrixRow[] = [
  {
    field: 'signUp',
    kind: 'mutation',
    requires: 'public',
    // Invalid input: an authorised caller gets BAD_USER_INPUT, nothing is created.
    document:
      'mutation { signUp(email: "bad", name: "x", password: "short", fundName: "x", fundSlug: "x") { token } }',
  },
  {
    field: 'login',
    kind: 'mutation',
    requires: 'public',
    document: 'mutation($e: String!) { login(email: $e, password: "wrong wrong wrong") { token } }',
    variables: () => ({ e: `nobody-${randomUUID()}@test.invalid` }),
  },
  { field: 'logout', kind: 'mutation', requires: 'user', document: 'mutation { logout }' },
  {
    field: 'logoutEverywhere',
    kind: 'mutation',
    requires: 'user',
    document: 'mutation { logoutEverywhere }',
  },
  {
    field: 'changePassword',
    kind: 'mutation',
    requires: 'user',
    document:
      'mutation { changePassword(currentPassword: "not it at all", newPassword: "another long password") }',
  },
  {
    field: 'updateFund',
    kind: 'mutation',
    requires: 'OWNER',
    document: 'mutation { updateFund(name: "Renamed") { id } }',
  },
  {
    field: 'addMember',
    kind: 'mutation',
    requires: 'OWNER',
    document: 'mutation { addMember(email: "not-an-email", role: VIEWER) { temporaryPassword } }',
  },
  {
    field: 'changeRole',
    kind: 'mutation',
    requires: 'OWNER',
    document: 'mutation($u: ID!) { changeRole(userId: $u, role: VIEWER) { id } }',
    variables: () => ({ u: randomUUID() }),
  },
  {
    field: 'removeMember',
    kind: 'mutation',
    requires: 'OWNER',
    document: 'mutation($u: ID!) { removeMember(userId: $u) }',
    variables: () => ({ u: randomUUID() }),
  },
  {
    field: 'createApiKey',
    kind: 'mutation',
    requires: 'OWNER',
    document: 'mutation { createApiKey(name: "  ", scope: READ) { secret } }',
  },
  {
    field: 'revokeApiKey',
    kind: 'mutation',
    requires: 'OWNER',
    document: 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
    variables: () => ({ id: randomUUID() }),
  },
  { field: 'health', kind: 'query', requires: 'public', document: '{ health { status } }' },
  { field: 'me', kind: 'query', requires: 'authenticated', document: '{ me { kind } }' },
  { field: 'funds', kind: 'query', requires: 'authenticated', document: '{ funds { id } }' },
  { field: 'fund', kind: 'query', requires: 'member', document: '{ fund { id } }' },
  { field: 'members', kind: 'query', requires: 'member', document: '{ members { id } }' },
  {
    field: 'member',
    kind: 'query',
    requires: 'member',
    document: 'query($u: ID!) { member(userId: $u) { id } }',
    variables: () => ({ u: randomUUID() }),
  },
  { field: 'apiKeys', kind: 'query', requires: 'OWNER', document: '{ apiKeys { id } }' },
  {
    field: 'apiKey',
    kind: 'query',
    requires: 'OWNER',
    document: 'query($id: ID!) { apiKey(id: $id) { id } }',
    variables: () => ({ id: randomUUID() }),
  },
  {
    field: 'auditLogs',
    kind: 'query',
    requires: 'RISK_MANAGER',
    document: '{ auditLogs(first: 5) { edges { node { id } } } }',
  },
  // Book data (accounts, instruments, positions, ...): reads for every member, writes RISK_MANAGER+.
  // Writes use random ids or invalid input, so an authorised call fails with NOT_FOUND/BAD_USER_INPUT.
  ...bookRows(),
  // Risk (src/schema/{exposure,scenario,hedge,liquidation,cascade,calculator,limit,alert,risk-run}.ts).
  ...riskRows(),
];

/** Matrix rows of the risk operations; writes fail on random ids or invalid input (nothing written). */
function riskRows(): MatrixRow[] {
  const id = () => ({ id: randomUUID() });
  const row = (
    field: string,
    kind: 'query' | 'mutation',
    requires: Requirement,
    document: string,
    variables?: () => Record<string, unknown>,
  ): MatrixRow => ({ field, kind, requires, document, ...(variables ? { variables } : {}) });
  return [
    row('exposures', 'query', 'VIEWER', '{ exposures { positionCount totals { netDeltaUsd } } }'),
    row(
      'scenarioGrid',
      'query',
      'VIEWER',
      '{ scenarioGrid(spotMoves: [0.1], volShifts: [0], extendedMoves: []) { worst { pnlUsd } } }',
    ),
    row('stressScenarios', 'query', 'VIEWER', '{ stressScenarios { name } }'),
    row('stressTest', 'query', 'VIEWER', '{ stressTest(names: ["ftx-2022-11"]) { pnlUsd } }'),
    row(
      'hedgeSuggestions',
      'query',
      'VIEWER',
      '{ hedgeSuggestions(underlying: "BTC", instruments: [{ kind: PERPETUAL, settlement: INVERSE, contractSize: 10 }]) { contracts } }',
    ),
    row('liquidationReport', 'query', 'VIEWER', '{ liquidationReport { positionCount } }'),
    row('varBacktest', 'query', 'VIEWER', '{ varBacktest(window: 30) { window series { exceptions } } }'),
    row(
      'simulateCascade',
      'query',
      'ANALYST',
      '{ simulateCascade(input: { shock: [{ token: "BTC", move: -0.1 }], includeFund: false, prices: [{ token: "BTC", price: 90000 }] }) { termination } }',
    ),
    row(
      'optionPrice',
      'query',
      'authenticated',
      '{ optionPrice(input: { type: CALL, forward: 100, strike: 100, vol: 0.5, expiryYears: 1 }) { price } }',
    ),
    row(
      'impliedVol',
      'query',
      'authenticated',
      '{ impliedVol(inputs: [{ type: CALL, price: 10, forward: 100, strike: 100, expiryYears: 1 }]) { vol } }',
    ),
    row('limits', 'query', 'VIEWER', '{ limits(first: 5) { edges { node { id } } } }'),
    row('limit', 'query', 'VIEWER', 'query($id: ID!) { limit(id: $id) { id } }', id),
    row('alerts', 'query', 'VIEWER', '{ alerts(first: 5) { edges { node { id } } } }'),
    row('alert', 'query', 'VIEWER', 'query($id: ID!) { alert(id: $id) { id } }', id),
    row('riskRun', 'query', 'VIEWER', 'query($id: ID!) { riskRun(id: $id) { id } }', id),
    row('riskRuns', 'query', 'VIEWER', '{ riskRuns(first: 5) { edges { node { id } } } }'),
    row(
      'createLimit',
      'mutation',
      'RISK_MANAGER',
      'mutation { createLimit(input: { name: "x", kind: NET_DELTA, threshold: "-1" }) { id } }',
    ),
    row(
      'updateLimit',
      'mutation',
      'RISK_MANAGER',
      'mutation($id: ID!) { updateLimit(id: $id, patch: { enabled: false }) { id } }',
      id,
    ),
    row('deleteLimit', 'mutation', 'RISK_MANAGER', 'mutation($id: ID!) { deleteLimit(id: $id) }', id),
    row('schedules', 'query', 'VIEWER', '{ schedules { id kind } }'),
    // Invalid input (an interval below 60 s): an authorised caller gets BAD_USER_INPUT, nothing is saved.
    row(
      'upsertSchedule',
      'mutation',
      'RISK_MANAGER',
      'mutation { upsertSchedule(kind: LIMIT_CHECK, everySeconds: 5) { applied } }',
    ),
    row('deleteSchedule', 'mutation', 'RISK_MANAGER', 'mutation { deleteSchedule(kind: RISK_SNAPSHOT) }'),
    row(
      'acknowledgeAlert',
      'mutation',
      'ANALYST',
      'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }',
      id,
    ),
    row(
      'submitRiskRun',
      'mutation',
      'ANALYST',
      'mutation { submitRiskRun(kind: MONTE_CARLO_VAR, params: { confidences: [1.5] }) { id } }',
    ),
    row('cancelRiskRun', 'mutation', 'ANALYST', 'mutation($id: ID!) { cancelRiskRun(id: $id) { id } }', id),
  ];
}

/** Matrix rows of the book data operations (src/schema/{account,instrument,position,...}.ts). */
function bookRows(): MatrixRow[] {
  const id = () => ({ id: randomUUID() });
  const q = (field: string, document: string, variables?: () => Record<string, unknown>): MatrixRow => ({
    field,
    kind: 'query',
    requires: 'member',
    document,
    ...(variables ? { variables } : {}),
  });
  const m = (field: string, document: string, variables?: () => Record<string, unknown>): MatrixRow => ({
    field,
    kind: 'mutation',
    requires: 'RISK_MANAGER',
    document,
    ...(variables ? { variables } : {}),
  });
  return [
    q('accounts', '{ accounts(first: 5) { edges { node { id } } } }'),
    q('account', 'query($id: ID!) { account(id: $id) { id } }', id),
    m('createAccount', 'mutation { createAccount(input: { name: " ", venue: "X", kind: EXCHANGE }) { id } }'),
    m('updateAccount', 'mutation($id: ID!) { updateAccount(id: $id, input: { name: "x" }) { id } }', id),
    m('deleteAccount', 'mutation($id: ID!) { deleteAccount(id: $id) }', id),
    q('instruments', '{ instruments(first: 5) { edges { node { id } } } }'),
    q('instrument', 'query($id: ID!) { instrument(id: $id) { id } }', id),
    q('instrumentBySymbol', '{ instrumentBySymbol(venue: "Deribit", symbol: "BTC-PERPETUAL") { id } }'),
    m(
      'createInstrument',
      'mutation { createInstrument(input: { venue: "X", symbol: "Y", kind: OPTION, underlying: "BTC", quoteCurrency: "USD", settlementCurrency: "BTC" }) { id } }',
    ),
    m(
      'updateInstrument',
      'mutation($id: ID!) { updateInstrument(id: $id, input: { notes: "x" }) { id } }',
      id,
    ),
    m('deactivateInstrument', 'mutation($id: ID!) { deactivateInstrument(id: $id) { id } }', id),
    q('positions', '{ positions(first: 5) { totalCount } }'),
    q('position', 'query($id: ID!) { position(id: $id) { id } }', id),
    m(
      'createPosition',
      'mutation($id: ID!) { createPosition(input: { accountId: $id, instrumentId: $id, quantity: "1" }) { id } }',
      id,
    ),
    m(
      'updatePosition',
      'mutation($id: ID!) { updatePosition(id: $id, input: { quantity: "1" }) { id } }',
      id,
    ),
    m('closePosition', 'mutation($id: ID!) { closePosition(id: $id) { id } }', id),
    m('deletePosition', 'mutation($id: ID!) { deletePosition(id: $id) }', id),
    q('balances', '{ balances(first: 5) { edges { node { id } } } }'),
    q('balance', 'query($id: ID!) { balance(id: $id) { id } }', id),
    m(
      'upsertBalance',
      'mutation($id: ID!) { upsertBalance(accountId: $id, token: "BTC", kind: SPOT, quantity: "1") { id } }',
      id,
    ),
    m('deleteBalance', 'mutation($id: ID!) { deleteBalance(id: $id) }', id),
    q('lendingPositions', '{ lendingPositions(first: 5) { edges { node { id } } } }'),
    q('lendingPosition', 'query($id: ID!) { lendingPosition(id: $id) { id } }', id),
    m(
      'upsertLendingPosition',
      'mutation($id: ID!) { upsertLendingPosition(input: { accountId: $id, protocol: "Aave v3", token: "ETH", side: SUPPLY, quantity: "1" }) { id } }',
      id,
    ),
    m('deleteLendingPosition', 'mutation($id: ID!) { deleteLendingPosition(id: $id) }', id),
    q('marketSnapshots', '{ marketSnapshots(first: 5) { edges { node { id } } } }'),
    q('latestMarketSnapshot', '{ latestMarketSnapshot { id } }'),
    q('marketSnapshot', 'query($id: ID!) { marketSnapshot(id: $id) { id } }', id),
    m(
      'uploadMarketSnapshot',
      'mutation { uploadMarketSnapshot(input: { asOf: "2025-02-20T00:00:00Z", source: "matrix" }) { id } }',
    ),
    m('deleteMarketSnapshot', 'mutation($id: ID!) { deleteMarketSnapshot(id: $id) }', id),
    q('priceHistory', '{ priceHistory(tokens: ["BTC"], from: "2025-01-01", to: "2025-01-05") { token } }'),
    m(
      'uploadPriceHistory',
      'mutation { uploadPriceHistory(csv: "date,token,close_usd\\nbad,BTC,1\\n", source: "m") { count } }',
    ),
    m('deletePriceHistory', 'mutation { deletePriceHistory(token: "BTC", from: "bad", to: "bad") }'),
    m(
      'importPositions',
      'mutation($id: ID!) { importPositions(format: GENERIC, csv: "venue,symbol,quantity\\nSpot,BTC,1\\n", accountId: $id) { committed } }',
      id,
    ),
  ];
}

/** A caller of the matrix. */
interface Caller {
  name: string;
  kind: 'anonymous' | 'user' | 'apiKey';
  /** The role in fund A (null: no fund selected / anonymous). */
  role: Role | null;
  /** Fresh credentials per call (logout would otherwise end later calls' sessions). */
  credentials(): Promise<{ token?: string; fundId?: string }>;
}

/** What the specification says a caller gets. */
function expected(
  requires: Requirement,
  caller: Caller,
): 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'FUND_NOT_SELECTED' {
  if (requires === 'public') return 'allowed';
  if (caller.kind === 'anonymous') return 'UNAUTHENTICATED';
  if (requires === 'authenticated') return 'allowed';
  if (requires === 'user') return caller.kind === 'user' ? 'allowed' : 'FORBIDDEN';
  if (caller.role === null) return 'FUND_NOT_SELECTED';
  if (requires === 'member') return 'allowed';
  return roleAtLeast(caller.role, requires) ? 'allowed' : 'FORBIDDEN';
}

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'FUND_NOT_SELECTED']);

describe('role matrix: every operation x every kind of caller', () => {
  let t: TestApi;
  let world: World;
  let callers: Caller[];

  beforeAll(async () => {
    t = await startTestApi();
    world = await createWorld(t.admin, 'api-matrix');
    const session = (role: Role, selectFund: boolean) => async () => ({
      token: await issueSession(t.admin, world.a.members[role].userId),
      ...(selectFund ? { fundId: world.a.fundId } : {}),
    });
    callers = [
      { name: 'anonymous', kind: 'anonymous', role: null, credentials: async () => ({}) },
      ...(['OWNER', 'RISK_MANAGER', 'ANALYST', 'VIEWER'] as const).map(
        (role): Caller => ({ name: role, kind: 'user', role, credentials: session(role, true) }),
      ),
      { name: 'OWNER without X-Fund-Id', kind: 'user', role: null, credentials: session('OWNER', false) },
      {
        name: 'READ key',
        kind: 'apiKey',
        role: 'VIEWER',
        credentials: async () => ({ token: world.a.keys.READ.key }),
      },
      {
        name: 'READ_WRITE key',
        kind: 'apiKey',
        role: 'ANALYST',
        credentials: async () => ({ token: world.a.keys.READ_WRITE.key }),
      },
    ];
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('covers every Query and Mutation field of the schema', () => {
    const inSchema = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
    ].sort();
    expect(MATRIX.map((row) => row.field).sort()).toEqual(inSchema);
  });

  it('allows and forbids exactly as specified', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    let mutationCells = 0;
    for (const row of MATRIX) {
      for (const caller of callers) {
        const response = await t.gql(row.document, row.variables?.() ?? {}, await caller.credentials());
        const code = codeOf(response);
        const want = expected(row.requires, caller);
        const got = typeof code === 'string' && AUTH_CODES.has(code) ? code : 'allowed';
        cells += 1;
        if (row.kind === 'mutation') mutationCells += 1;
        if (got !== want)
          mismatches.push(`${row.field} as ${caller.name}: expected ${want}, got ${String(code)}`);
      }
    }
    expect(mismatches).toEqual([]);
    console.info(`role matrix: ${cells} cells (${mutationCells} mutation x caller), all as specified`);
    // ~600 sequential requests: allow for a loaded machine (the project default is 30 s).
  }, 180_000);

  it('writes no audit entry for a refused mutation', async () => {
    const before = await t.admin.auditLog.count({ where: { fundId: world.a.fundId } });
    const response = await t.gql(
      'mutation { updateFund(name: "x") { id } }',
      {},
      {
        // A fresh session: logoutEverywhere in the matrix revoked the earlier ones.
        token: await issueSession(t.admin, world.a.members.RISK_MANAGER.userId),
        fundId: world.a.fundId,
      },
    );
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(await t.admin.auditLog.count({ where: { fundId: world.a.fundId } })).toBe(before);
  });
});

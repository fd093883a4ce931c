/**
 * The tenant-isolation table. Every query, mutation and nested field that takes an id gets a row:
 * how to call it with an id, which fund-B id to feed it, and which role may call it at all. The
 * isolation test (src/isolation.integration.test.ts) runs every row as every fund-A principal
 * (each role's session with X-Fund-Id A, A's READ and READ_WRITE API keys) and as fund B's API keys
 * selecting fund A, and asserts NOT_FOUND (FORBIDDEN for roles that may not call the field at all,
 * identical to the answer for a random id) and that no row of either fund changed.
 *
 * Domain types: add one row per id-taking field here (e.g. `position(id)`, `updateLimit(id)`,
 * `Fund.positions(accountId)`), and extend `IsolationTargets` with fund B's ids.
 */
import type { Role } from '@dte/db';

/** Ids of fund B's objects that fund A's principals will try to reach. */
export interface IsolationTargets {
  fundId: string;
  apiKeyId: string;
  /** A member of fund B (also the user id in membership mutations). */
  memberUserId: string;
  /** B's OWNER (the last one: demoting/removing must still be NOT_FOUND, not LAST_OWNER). */
  ownerUserId: string;
  /** Fund B's book rows (src/imports/testing.ts `createBookFixtures`). */
  book: {
    accountId: string;
    instrumentId: string;
    positionId: string;
    balanceId: string;
    lendingId: string;
    snapshotId: string;
  };
  /** Fund A's own ids, for the other arguments of a call (so only `$id` is foreign). */
  own: { accountId: string; instrumentId: string };
  /** Fund B's risk rows (src/risk/testing.ts `createRiskFixtures`). */
  risk: { limitId: string; alertId: string; riskRunId: string };
}

/** One id-taking field. */
export interface IsolationCase {
  /** e.g. `Query.apiKey(id)`. */
  name: string;
  /** The operation, taking `$id`. */
  document: string;
  /** The fund-B id to pass as `$id`. */
  id: (targets: IsolationTargets) => string;
  /** Weakest role that may call the field (`member`: any role). */
  minRole: Role | 'member' | 'authenticated';
  /** Other variables of the document (e.g. fund A's own account as `$own`). */
  variables?: (targets: IsolationTargets) => Record<string, unknown>;
}

/** The cases of the access layer; the domain types append theirs. */
export const ISOLATION_CASES: IsolationCase[] = [
  {
    name: 'Query.fund(id)',
    document: 'query($id: ID!) { fund(id: $id) { id name } }',
    id: (t) => t.fundId,
    minRole: 'authenticated',
  },
  {
    name: 'Query.apiKey(id)',
    document: 'query($id: ID!) { apiKey(id: $id) { id prefix } }',
    id: (t) => t.apiKeyId,
    minRole: 'OWNER',
  },
  {
    name: 'Query.member(userId)',
    document: 'query($id: ID!) { member(userId: $id) { id role } }',
    id: (t) => t.memberUserId,
    minRole: 'member',
  },
  {
    name: 'Mutation.revokeApiKey(id)',
    document: 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
    id: (t) => t.apiKeyId,
    minRole: 'OWNER',
  },
  {
    name: 'Mutation.changeRole(userId)',
    document: 'mutation($id: ID!) { changeRole(userId: $id, role: OWNER) { id role } }',
    id: (t) => t.memberUserId,
    minRole: 'OWNER',
  },
  {
    name: 'Mutation.changeRole(userId: last owner)',
    document: 'mutation($id: ID!) { changeRole(userId: $id, role: VIEWER) { id role } }',
    id: (t) => t.ownerUserId,
    minRole: 'OWNER',
  },
  {
    name: 'Mutation.removeMember(userId)',
    document: 'mutation($id: ID!) { removeMember(userId: $id) }',
    id: (t) => t.memberUserId,
    minRole: 'OWNER',
  },
  {
    name: 'Mutation.removeMember(userId: last owner)',
    document: 'mutation($id: ID!) { removeMember(userId: $id) }',
    id: (t) => t.ownerUserId,
    minRole: 'OWNER',
  },
  ...BOOK_CASES(),
  ...RISK_CASES(),
];

/** Book data (accounts, instruments, positions, ...): src/schema/{account,instrument,position,...}.ts. */
function BOOK_CASES(): IsolationCase[] {
  const own = (t: IsolationTargets) => ({ ownAccount: t.own.accountId, ownInstrument: t.own.instrumentId });
  return [
    {
      name: 'Query.account(id)',
      document: 'query($id: ID!) { account(id: $id) { id name } }',
      id: (t) => t.book.accountId,
      minRole: 'member',
    },
    {
      name: 'Query.accounts(filter.parentId)',
      document: 'query($id: ID!) { accounts(first: 5, filter: { parentId: $id }) { edges { node { id } } } }',
      id: (t) => t.book.accountId,
      minRole: 'member',
    },
    {
      name: 'Mutation.updateAccount(id)',
      document: 'mutation($id: ID!) { updateAccount(id: $id, input: { name: "taken over" }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.updateAccount(parentId)',
      document:
        'mutation($id: ID!, $ownAccount: ID!) { updateAccount(id: $ownAccount, input: { parentId: $id }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
      variables: own,
    },
    {
      name: 'Mutation.createAccount(parentId)',
      document:
        'mutation($id: ID!) { createAccount(input: { name: "iso-sub", venue: "Deribit", kind: SUB_ACCOUNT, parentId: $id }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.deleteAccount(id)',
      document: 'mutation($id: ID!) { deleteAccount(id: $id, deleteContents: true) }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Query.instrument(id: custom)',
      document: 'query($id: ID!) { instrument(id: $id) { id symbol } }',
      id: (t) => t.book.instrumentId,
      minRole: 'member',
    },
    {
      name: 'Mutation.updateInstrument(id: custom)',
      document: 'mutation($id: ID!) { updateInstrument(id: $id, input: { notes: "x" }) { id } }',
      id: (t) => t.book.instrumentId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.deactivateInstrument(id: custom)',
      document: 'mutation($id: ID!) { deactivateInstrument(id: $id) { id } }',
      id: (t) => t.book.instrumentId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Query.position(id)',
      document: 'query($id: ID!) { position(id: $id) { id quantity } }',
      id: (t) => t.book.positionId,
      minRole: 'member',
    },
    {
      name: 'Query.positions(filter.accountId)',
      document: 'query($id: ID!) { positions(first: 5, filter: { accountId: $id }) { totalCount } }',
      id: (t) => t.book.accountId,
      minRole: 'member',
    },
    {
      name: 'Mutation.createPosition(accountId)',
      document:
        'mutation($id: ID!, $ownInstrument: ID!) { createPosition(input: { accountId: $id, instrumentId: $ownInstrument, quantity: "1" }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
      variables: own,
    },
    {
      name: 'Mutation.createPosition(instrumentId: custom)',
      document:
        'mutation($id: ID!, $ownAccount: ID!) { createPosition(input: { accountId: $ownAccount, instrumentId: $id, quantity: "1" }) { id } }',
      id: (t) => t.book.instrumentId,
      minRole: 'RISK_MANAGER',
      variables: own,
    },
    {
      name: 'Mutation.updatePosition(id)',
      document: 'mutation($id: ID!) { updatePosition(id: $id, input: { quantity: "-1" }) { id } }',
      id: (t) => t.book.positionId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.updatePosition(accountId)',
      document: 'mutation($id: ID!) { updatePosition(id: $id, input: { accountId: $id }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.closePosition(id)',
      document: 'mutation($id: ID!) { closePosition(id: $id) { id } }',
      id: (t) => t.book.positionId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.deletePosition(id)',
      document: 'mutation($id: ID!) { deletePosition(id: $id) }',
      id: (t) => t.book.positionId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Query.balance(id)',
      document: 'query($id: ID!) { balance(id: $id) { id quantity } }',
      id: (t) => t.book.balanceId,
      minRole: 'member',
    },
    {
      name: 'Query.balances(filter.accountId)',
      document:
        'query($id: ID!) { balances(first: 5, filter: { accountId: $id }) { edges { node { id } } } }',
      id: (t) => t.book.accountId,
      minRole: 'member',
    },
    {
      name: 'Mutation.upsertBalance(accountId)',
      document:
        'mutation($id: ID!) { upsertBalance(accountId: $id, token: "BTC", kind: COLLATERAL, quantity: "0") { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.deleteBalance(id)',
      document: 'mutation($id: ID!) { deleteBalance(id: $id) }',
      id: (t) => t.book.balanceId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Query.lendingPosition(id)',
      document: 'query($id: ID!) { lendingPosition(id: $id) { id quantity } }',
      id: (t) => t.book.lendingId,
      minRole: 'member',
    },
    {
      name: 'Query.lendingPositions(filter.accountId)',
      document:
        'query($id: ID!) { lendingPositions(first: 5, filter: { accountId: $id }) { edges { node { id } } } }',
      id: (t) => t.book.accountId,
      minRole: 'member',
    },
    {
      name: 'Mutation.upsertLendingPosition(accountId)',
      document:
        'mutation($id: ID!) { upsertLendingPosition(input: { accountId: $id, protocol: "Aave v3", token: "ETH", side: SUPPLY, quantity: "0" }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.upsertLendingPosition(instrumentId: custom)',
      document:
        'mutation($id: ID!, $ownAccount: ID!) { upsertLendingPosition(input: { accountId: $ownAccount, protocol: "Aave v3", token: "BTC", side: SUPPLY, quantity: "1", instrumentId: $id }) { id } }',
      id: (t) => t.book.instrumentId,
      minRole: 'RISK_MANAGER',
      variables: own,
    },
    {
      name: 'Mutation.deleteLendingPosition(id)',
      document: 'mutation($id: ID!) { deleteLendingPosition(id: $id) }',
      id: (t) => t.book.lendingId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Query.marketSnapshot(id: own snapshot)',
      document: 'query($id: ID!) { marketSnapshot(id: $id) { id quotes { value } } }',
      id: (t) => t.book.snapshotId,
      minRole: 'member',
    },
    {
      name: 'Mutation.deleteMarketSnapshot(id)',
      document: 'mutation($id: ID!) { deleteMarketSnapshot(id: $id) }',
      id: (t) => t.book.snapshotId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.uploadMarketSnapshot(marks.instrumentId: custom)',
      document:
        'mutation($id: ID!) { uploadMarketSnapshot(input: { asOf: "2025-02-20T00:00:00Z", source: "iso", marks: [{ token: "BTC", value: "1", instrumentId: $id }] }) { id } }',
      id: (t) => t.book.instrumentId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.importPositions(accountId)',
      document:
        'mutation($id: ID!) { importPositions(format: GENERIC, csv: "venue,symbol,quantity\\nSpot,BTC,1\\n", accountId: $id, mode: COMMIT) { committed } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
  ];
}

/** Risk fields (src/schema/{exposure,scenario,hedge,liquidation,cascade,limit,alert,risk-run}.ts). */
function RISK_CASES(): IsolationCase[] {
  const snapshotCase = (field: string, document: string, minRole: IsolationCase['minRole'] = 'member') => ({
    name: `Query.${field}(snapshotId)`,
    document,
    id: (t: IsolationTargets) => t.book.snapshotId,
    minRole,
  });
  return [
    snapshotCase('exposures', 'query($id: ID!) { exposures(snapshotId: $id) { positionCount } }'),
    snapshotCase(
      'scenarioGrid',
      'query($id: ID!) { scenarioGrid(snapshotId: $id, spotMoves: [0.1], volShifts: [0], extendedMoves: []) { worst { pnlUsd } } }',
    ),
    snapshotCase(
      'stressTest',
      'query($id: ID!) { stressTest(snapshotId: $id, names: ["ftx-2022-11"]) { pnlUsd } }',
    ),
    snapshotCase(
      'hedgeSuggestions',
      'query($id: ID!) { hedgeSuggestions(snapshotId: $id, underlying: "BTC", instruments: [{ kind: SPOT, contractSize: 1 }]) { contracts } }',
    ),
    snapshotCase(
      'liquidationReport',
      'query($id: ID!) { liquidationReport(snapshotId: $id) { positionCount } }',
    ),
    snapshotCase(
      'simulateCascade',
      'query($id: ID!) { simulateCascade(snapshotId: $id, input: { shock: [{ token: "BTC", move: -0.1 }] }) { termination } }',
      'ANALYST',
    ),
    {
      name: 'Query.hedgeSuggestions(instruments.instrumentId: custom)',
      document:
        'query($id: ID!) { hedgeSuggestions(underlying: "BTC", instruments: [{ instrumentId: $id }]) { contracts } }',
      id: (t) => t.book.instrumentId,
      minRole: 'member',
    },
    {
      name: 'Query.limit(id)',
      document: 'query($id: ID!) { limit(id: $id) { id threshold } }',
      id: (t) => t.risk.limitId,
      minRole: 'member',
    },
    {
      name: 'Mutation.updateLimit(id)',
      document: 'mutation($id: ID!) { updateLimit(id: $id, patch: { threshold: "1" }) { id } }',
      id: (t) => t.risk.limitId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.deleteLimit(id)',
      document: 'mutation($id: ID!) { deleteLimit(id: $id) }',
      id: (t) => t.risk.limitId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.createLimit(accountId)',
      document:
        'mutation($id: ID!) { createLimit(input: { name: "iso", kind: NET_DELTA, threshold: "1", accountId: $id }) { id } }',
      id: (t) => t.book.accountId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Mutation.createLimit(positionId)',
      document:
        'mutation($id: ID!) { createLimit(input: { name: "iso", kind: STOP_LEVEL, threshold: "1", positionId: $id }) { id } }',
      id: (t) => t.book.positionId,
      minRole: 'RISK_MANAGER',
    },
    {
      name: 'Query.alerts(limitId)',
      document: 'query($id: ID!) { alerts(first: 5, limitId: $id) { edges { node { id } } } }',
      id: (t) => t.risk.limitId,
      minRole: 'member',
    },
    {
      name: 'Query.alert(id)',
      document: 'query($id: ID!) { alert(id: $id) { id status } }',
      id: (t) => t.risk.alertId,
      minRole: 'member',
    },
    {
      name: 'Mutation.acknowledgeAlert(id)',
      document: 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id status } }',
      id: (t) => t.risk.alertId,
      minRole: 'ANALYST',
    },
    {
      name: 'Query.riskRun(id)',
      document: 'query($id: ID!) { riskRun(id: $id) { id status } }',
      id: (t) => t.risk.riskRunId,
      minRole: 'member',
    },
    {
      name: 'Mutation.cancelRiskRun(id)',
      document: 'mutation($id: ID!) { cancelRiskRun(id: $id) { id status } }',
      id: (t) => t.risk.riskRunId,
      minRole: 'ANALYST',
    },
    {
      name: 'Mutation.submitRiskRun(params.snapshotId)',
      document:
        'mutation($id: ID!) { submitRiskRun(kind: HISTORICAL_VAR, params: { snapshotId: $id }) { id } }',
      id: (t) => t.book.snapshotId,
      minRole: 'ANALYST',
    },
  ];
}

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
];

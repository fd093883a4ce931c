import type { ApiKeyScope, Role } from '@dte/db';

/**
 * Roles of a fund, weakest first. Each role can do everything the weaker ones can:
 * VIEWER reads; ANALYST also runs analyses; RISK_MANAGER also manages limits, runs and positions
 * and reads the audit log; OWNER also manages members, API keys and the fund.
 */
export const ROLES = ['VIEWER', 'ANALYST', 'RISK_MANAGER', 'OWNER'] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { VIEWER: 0, ANALYST: 1, RISK_MANAGER: 2, OWNER: 3 };

/** True when `role` is `required` or stronger. */
export const roleAtLeast = (role: Role, required: Role): boolean => RANK[role] >= RANK[required];

/** The role an API key acts with: READ keys as VIEWER, READ_WRITE keys as ANALYST. */
export const apiKeyRole = (scope: ApiKeyScope): Role => (scope === 'READ_WRITE' ? 'ANALYST' : 'VIEWER');

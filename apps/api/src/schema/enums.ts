import { ApiKeyScope as ApiKeyScopeValues, Role as RoleValues } from '@dte/db';
import { builder } from '../builder.ts';

/** A member's role in a fund (weakest last): OWNER > RISK_MANAGER > ANALYST > VIEWER. */
export const RoleEnum = builder.enumType(RoleValues, {
  name: 'Role',
  description:
    'Role in a fund. OWNER: members, API keys, everything. RISK_MANAGER: limits, runs, positions, audit log. ANALYST: read and run analyses. VIEWER: read.',
});

/** What an API key may do: READ acts as VIEWER, READ_WRITE as ANALYST. */
export const ApiKeyScopeEnum = builder.enumType(ApiKeyScopeValues, {
  name: 'ApiKeyScope',
  description: 'READ keys act as VIEWER, READ_WRITE keys as ANALYST, in the fund the key belongs to.',
});

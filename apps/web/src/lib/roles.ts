/** Roles of a fund member, lowest to highest (the api's `Role` enum). */
export const ROLES = ['VIEWER', 'ANALYST', 'RISK_MANAGER', 'OWNER'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` is `min` or higher. */
export function atLeast(role: Role | null | undefined, min: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/**
 * What the web app offers per role (docs/api.md "Roles"; the api enforces the same rules, the web
 * app only hides what would be refused).
 */
export const CAPABILITIES = {
  /** Start VaR runs, run cascades, acknowledge alerts. */
  runAnalyses: 'ANALYST',
  /** Import positions. */
  manageBook: 'RISK_MANAGER',
  /** Create, change and delete limits. */
  manageLimits: 'RISK_MANAGER',
  /** Members, roles, API keys. */
  manageFund: 'OWNER',
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof CAPABILITIES;

/** True when the role has the capability. */
export function can(role: Role | null | undefined, capability: Capability): boolean {
  return atLeast(role, CAPABILITIES[capability]);
}

/** A section of a fund's pages. */
export interface NavItem {
  /** Path below `/f/<fund>` ('' for the overview). */
  path: string;
  label: string;
  /** Lowest role that sees the item. */
  min: Role;
}

/** The fund navigation in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '', label: 'Overview', min: 'VIEWER' },
  { path: '/positions', label: 'Positions', min: 'VIEWER' },
  { path: '/scenarios', label: 'Scenarios', min: 'VIEWER' },
  { path: '/var', label: 'VaR', min: 'VIEWER' },
  { path: '/liquidations', label: 'Liquidations', min: 'VIEWER' },
  { path: '/limits', label: 'Limits & alerts', min: 'VIEWER' },
  { path: '/settings', label: 'Settings', min: 'OWNER' },
];

/** The navigation a role sees. */
export function navFor(role: Role | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => atLeast(role, item.min));
}

/** Human label of a role. */
export function roleLabel(role: Role): string {
  return { VIEWER: 'Viewer', ANALYST: 'Analyst', RISK_MANAGER: 'Risk manager', OWNER: 'Owner' }[role];
}

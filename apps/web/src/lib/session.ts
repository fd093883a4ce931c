import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { loadEnv } from '../env.ts';
import { ApiError, apiRequest, type CallOptions } from './api.ts';
import { graphql, type ResultOf, type TadaDocumentNode } from './graphql.ts';
import type { Role } from './roles.ts';

/**
 * The web app's own session cookie: it holds the api session token (`dts_...`, issued by
 * `login(useCookie: false)`), HttpOnly so page scripts never see it. `__Host-` prefixed when Secure.
 */
export const SESSION_COOKIE = 'dte_web_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** Whether cookies get the Secure flag: WEB_COOKIE_SECURE, else when the request came over https. */
export async function cookieSecure(): Promise<boolean> {
  const configured = loadEnv().WEB_COOKIE_SECURE;
  if (configured !== undefined) return configured;
  const h = await headers();
  return (h.get('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https';
}

/** The api session token of this request, if any. */
export async function sessionToken(): Promise<string | undefined> {
  const jar = await cookies();
  return jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value;
}

/** Sets the session cookie (server actions and route handlers only). */
export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  const jar = await cookies();
  const secure = await cookieSecure();
  jar.set(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

/** Removes the session cookie (server actions and route handlers only). */
export async function clearSessionCookie(): Promise<void> {
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  jar.delete({ name: SECURE_SESSION_COOKIE, path: '/', secure: true });
}

/** The browser's address as Next.js saw it, forwarded to the api. */
export async function clientAddress(): Promise<string | undefined> {
  const h = await headers();
  return h.get('x-forwarded-for') ?? undefined;
}

const ViewerQuery = graphql(`
  query Viewer {
    me {
      user { id name email }
      memberships { role fund { id slug name } }
    }
  }
`);

/** A fund the user belongs to, with their role. */
export type FundMembership = { role: Role; fund: { id: string; slug: string; name: string } };

/** The logged-in user (from the api's `me`), or null without a valid session. */
export interface Viewer {
  token: string;
  user: { id: string; name: string; email: string };
  memberships: FundMembership[];
}

/**
 * The logged-in user of this request (memoised per request), or null when there is no session or
 * the api no longer accepts it. An unreachable api throws {@link ApiError} `unavailable`.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const token = await sessionToken();
  if (!token) return null;
  try {
    const data = await apiRequest(ViewerQuery, {}, { token, forwardedFor: await clientAddress() });
    if (!data.me.user) return null;
    return { token, user: data.me.user, memberships: data.me.memberships };
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'unauthenticated') return null;
    throw error;
  }
});

/** The logged-in user, or a redirect to the login page. */
export async function requireViewer(next?: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  return viewer;
}

/** The fund of a `/f/[fund]` URL and the caller's role in it. */
export interface FundContext {
  viewer: Viewer;
  fund: FundMembership['fund'];
  role: Role;
  /** Runs an operation for this fund (token + X-Fund-Id). */
  query<Result, Variables>(
    document: TadaDocumentNode<Result, Variables>,
    variables: Variables,
    options?: Pick<CallOptions, 'upload' | 'timeoutMs'>,
  ): Promise<Result>;
}

/**
 * Resolves the `[fund]` URL segment (slug or id) among the user's memberships (memoised per
 * request). A fund the user does not belong to is a 404 (the same page as a fund that does not
 * exist), never a hint that it exists.
 */
export const getFundContext = cache(async (fundParam: string): Promise<FundContext> => {
  const viewer = await requireViewer(`/f/${fundParam}`);
  const key = decodeURIComponent(fundParam);
  const membership = viewer.memberships.find((m) => m.fund.slug === key || m.fund.id === key);
  if (!membership) notFound();
  const forwardedFor = await clientAddress();
  return {
    viewer,
    fund: membership.fund,
    role: membership.role,
    query: (document, variables, options) =>
      apiRequest(document, variables, {
        ...options,
        token: viewer.token,
        fundId: membership.fund.id,
        forwardedFor,
      }),
  };
});

/** Result type helper re-export for pages. */
export type { ResultOf };

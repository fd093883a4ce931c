/**
 * The session cookie of the web app. Production: `__Host-dte_session` (the `__Host-` prefix makes
 * browsers require Secure, Path=/ and no Domain, so a sibling sub-domain cannot set or shadow it);
 * development over plain http: `dte_session` without Secure. Always HttpOnly and SameSite=Lax.
 */

/** Options that depend on the deployment. */
export interface CookiePolicy {
  /** Secure + `__Host-` prefix (production, https). */
  secure: boolean;
}

/** Name of the session cookie under `policy`. */
export const sessionCookieName = (policy: CookiePolicy): string =>
  policy.secure ? '__Host-dte_session' : 'dte_session';

/** `Set-Cookie` value that stores `token` for `maxAgeSeconds`. */
export function sessionCookie(policy: CookiePolicy, token: string, maxAgeSeconds: number): string {
  const parts = [
    `${sessionCookieName(policy)}=${token}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (policy.secure) parts.push('Secure');
  return parts.join('; ');
}

/** `Set-Cookie` value that deletes the session cookie. */
export const clearSessionCookie = (policy: CookiePolicy): string => sessionCookie(policy, '', 0);

/**
 * The value of cookie `name` in a `Cookie` request header, or undefined. Only the first occurrence
 * counts; values are not URL-decoded (our tokens are base64url).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

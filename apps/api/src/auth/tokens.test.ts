import { describe, expect, it } from 'vitest';
import { clearSessionCookie, readCookie, sessionCookie, sessionCookieName } from './cookies.ts';
import { apiKeyRole, roleAtLeast } from './roles.ts';
import { bearerOf, newApiKey, newSessionToken, parseCredential, sha256Hex } from './tokens.ts';

describe('credentials', () => {
  it('session tokens carry 256 random bits in base64url and are stored as SHA-256 hex', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const { token, hash } = newSessionToken();
      expect(token).toMatch(/^dts_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
      expect(hash).toBe(sha256Hex(token));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      seen.add(token);
    }
    expect(seen.size).toBe(200);
  });

  it('API keys are prefix + secret; the prefix is displayable, the whole key is hashed', () => {
    const { key, prefix, hash } = newApiKey();
    expect(prefix).toMatch(/^dte_[a-z0-9]{8}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(parseCredential(key)).toEqual({ kind: 'apiKey', hash, prefix });
  });

  it('classifies credentials by shape', () => {
    const { token, hash } = newSessionToken();
    expect(parseCredential(token)).toEqual({ kind: 'session', hash });
    for (const bad of ['', 'dts_short', `dte_ABCDEFGH_${'a'.repeat(43)}`, `${token}x`, 'Bearer x'])
      expect(parseCredential(bad)).toEqual({ kind: 'malformed' });
  });

  it('reads Bearer headers (case-insensitive scheme) and flags other schemes', () => {
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('bearer   abc ')).toBe('abc');
    expect(bearerOf('Basic abc')).toBe('');
    expect(bearerOf(undefined)).toBeUndefined();
  });
});

describe('session cookie', () => {
  it('is __Host- prefixed and Secure in production, plain on http; always HttpOnly and Lax', () => {
    expect(sessionCookieName({ secure: true })).toBe('__Host-dte_session');
    expect(sessionCookie({ secure: true }, 'tok', 60)).toBe(
      '__Host-dte_session=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure',
    );
    expect(sessionCookie({ secure: false }, 'tok', 60.9)).toBe(
      'dte_session=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax',
    );
    expect(clearSessionCookie({ secure: false })).toMatch(/^dte_session=; Path=\/; Max-Age=0;/);
  });

  it('reads the first cookie of a name from a Cookie header', () => {
    expect(readCookie('a=1; dte_session=xyz; b=2', 'dte_session')).toBe('xyz');
    expect(readCookie('xdte_session=1', 'dte_session')).toBeUndefined();
    expect(readCookie(undefined, 'dte_session')).toBeUndefined();
  });
});

describe('roles', () => {
  it('ranks OWNER > RISK_MANAGER > ANALYST > VIEWER and maps API key scopes', () => {
    expect(roleAtLeast('OWNER', 'RISK_MANAGER')).toBe(true);
    expect(roleAtLeast('ANALYST', 'RISK_MANAGER')).toBe(false);
    expect(roleAtLeast('VIEWER', 'VIEWER')).toBe(true);
    expect(apiKeyRole('READ')).toBe('VIEWER');
    expect(apiKeyRole('READ_WRITE')).toBe('ANALYST');
  });
});

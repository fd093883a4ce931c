/**
 * Opaque credentials: session tokens and API keys. Both carry 256 bits from the OS CSPRNG, are
 * base64url, and are stored only as their SHA-256 (lower-case hex), so a database leak does not
 * reveal a usable credential. See docs/security.md.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Prefix of session tokens (lets secret scanners and our own parser tell them apart). */
export const SESSION_TOKEN_PREFIX = 'dts_';
/** Prefix of API keys. */
export const API_KEY_PREFIX = 'dte_';

const SESSION_TOKEN = /^dts_[A-Za-z0-9_-]{43}$/;
const API_KEY = /^(dte_[a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** SHA-256 of a credential as 64 lower-case hex characters (the stored form). */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** 32 random bytes as base64url (43 characters, 256 bits). */
const secret256 = (): string => randomBytes(32).toString('base64url');

/** A new session token `dts_<43 base64url>` and its stored hash. */
export function newSessionToken(): { token: string; hash: string } {
  const token = `${SESSION_TOKEN_PREFIX}${secret256()}`;
  return { token, hash: sha256Hex(token) };
}

/**
 * A new API key `dte_<8 lower-case alphanumerics>_<43 base64url>`: `prefix` (`dte_xxxxxxxx`) is stored
 * and shown in listings; the whole key is returned to the creator once and stored as `hash`.
 */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const bytes = randomBytes(8);
  let id = '';
  // 256 % 36 = 4: the bias of a plain modulo is 1.6 %, harmless for a display prefix (not the secret).
  for (const byte of bytes) id += PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length];
  const prefix = `${API_KEY_PREFIX}${id}`;
  const key = `${prefix}_${secret256()}`;
  return { key, prefix, hash: sha256Hex(key) };
}

/** What a bearer credential looks like, before any database lookup. */
export type ParsedCredential =
  | { kind: 'session'; hash: string }
  | { kind: 'apiKey'; hash: string; prefix: string }
  | { kind: 'malformed' };

/** Classifies a presented credential by its shape and hashes it. */
export function parseCredential(value: string): ParsedCredential {
  if (SESSION_TOKEN.test(value)) return { kind: 'session', hash: sha256Hex(value) };
  const key = API_KEY.exec(value);
  if (key?.[1]) return { kind: 'apiKey', hash: sha256Hex(value), prefix: key[1] };
  return { kind: 'malformed' };
}

/** The credential of an `Authorization: Bearer <credential>` header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? '';
}

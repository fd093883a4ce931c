/**
 * Password hashing with argon2id at the OWASP Password Storage Cheat Sheet minimum:
 * m = 19456 KiB (19 MiB), t = 2 iterations, p = 1. The result is a PHC string
 * (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) that carries its own parameters and salt,
 * so hashes made with other parameters still verify after the defaults change.
 */
import { hash, verify } from '@node-rs/argon2';

/** argon2id in @node-rs/argon2's `Algorithm` const enum (not importable under isolatedModules). */
const ARGON2ID = 2;

/** The parameters every new hash uses. */
export const ARGON2_PARAMS = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

/** Longest password accepted (bytes are bounded to keep hashing cost predictable). */
export const MAX_PASSWORD_LENGTH = 1024;

/** Thrown for a password that cannot be hashed (empty, too long, not a string). */
export class PasswordInputError extends Error {
  override name = 'PasswordInputError';
}

function checkPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string') {
    throw new PasswordInputError(`password: must be a string, got ${typeof password}`);
  }
  if (password.length === 0) throw new PasswordInputError('password: must not be empty');
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new PasswordInputError(
      `password: must be at most ${MAX_PASSWORD_LENGTH} characters, got ${password.length}`,
    );
  }
}

/** Hashes a password with argon2id (OWASP parameters) and a fresh random salt; returns the PHC string. */
export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  return hash(password, { algorithm: ARGON2ID, ...ARGON2_PARAMS });
}

/**
 * Checks a password against a stored PHC string. Returns false for a wrong password and for a
 * stored value that is not a valid argon2 PHC string (never throws for those), so a corrupt row
 * cannot be told apart from a wrong password by a caller.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    return false;
  }
  if (typeof storedHash !== 'string' || !storedHash.startsWith('$argon2')) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other parameters than {@link ARGON2_PARAMS} (rehash on next login). */
export function needsRehash(storedHash: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!m) return true;
  return (
    Number(m[1]) !== ARGON2_PARAMS.memoryCost ||
    Number(m[2]) !== ARGON2_PARAMS.timeCost ||
    Number(m[3]) !== ARGON2_PARAMS.parallelism
  );
}

import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, hashPassword, needsRehash, PasswordInputError, verifyPassword } from './password.ts';

describe('hashPassword / verifyPassword', () => {
  it('encodes argon2id with the OWASP parameters m=19456,t=2,p=1 in the PHC string', async () => {
    const phc = await hashPassword('correct horse battery staple');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(ARGON2_PARAMS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(needsRehash(phc)).toBe(false);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const phc = await hashPassword('s3cret-Pa55');
    expect(await verifyPassword(phc, 's3cret-Pa55')).toBe(true);
    expect(await verifyPassword(phc, 's3cret-Pa56')).toBe(false);
    expect(await verifyPassword(phc, 'S3cret-Pa55')).toBe(false);
    expect(await verifyPassword(phc, '')).toBe(false);
  });

  it('salts: the same password hashes differently each time, both verify', async () => {
    const a = await hashPassword('same');
    const b = await hashPassword('same');
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'same')).toBe(true);
    expect(await verifyPassword(b, 'same')).toBe(true);
  });

  it('returns false (does not throw) for a stored value that is not a PHC string', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
    expect(await verifyPassword('$argon2id$garbage', 'x')).toBe(false);
  });

  it('still verifies hashes made with other parameters, and flags them for rehash', async () => {
    const weak = await hash('legacy', { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword(weak, 'legacy')).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash('plain')).toBe(true);
  });

  it('rejects empty, oversized and non-string passwords with a clear error', async () => {
    await expect(hashPassword('')).rejects.toThrow(new PasswordInputError('password: must not be empty'));
    await expect(hashPassword('x'.repeat(1025))).rejects.toThrow(/at most 1024 characters, got 1025/);
    await expect(hashPassword(42 as unknown as string)).rejects.toThrow(/must be a string, got number/);
  });
});

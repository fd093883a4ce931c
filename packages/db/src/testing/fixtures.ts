import { randomUUID } from 'node:crypto';
import { DbError } from '../errors.ts';
import type { PrismaClient, Role } from '../generated/prisma/client.ts';

const SLUG_PREFIX = /^[a-z0-9][a-z0-9_-]{0,20}$/;

/** A fund created for a test, and how to remove it. */
export interface TestFund {
  fundId: string;
  slug: string;
  name: string;
  /** Deletes the fund; every fund-owned row goes with it (ON DELETE CASCADE). Idempotent. */
  cleanup: () => Promise<void>;
}

/**
 * Creates a uniquely named fund (`<slugPrefix>-<uuid>`) through the owner client `admin`, which
 * bypasses row-level security.
 * @param slugPrefix 1-21 lower-case letters, digits, `-` or `_` (a fund slug's alphabet), e.g. `api-auth`.
 * @throws DbError `INVALID_ARGUMENT` naming a prefix outside that alphabet.
 */
export async function createTestFund(admin: PrismaClient, slugPrefix: string): Promise<TestFund> {
  if (!SLUG_PREFIX.test(slugPrefix)) {
    throw new DbError(
      'INVALID_ARGUMENT',
      `slugPrefix: must be 1-21 lower-case letters, digits, '-' or '_' (got ${JSON.stringify(slugPrefix)})`,
      { field: 'slugPrefix', value: slugPrefix },
    );
  }
  const fundId = randomUUID();
  const slug = `${slugPrefix}-${fundId}`;
  const name = `Test fund ${slug}`;
  await admin.fund.create({ data: { id: fundId, name, slug } });
  return {
    fundId,
    slug,
    name,
    cleanup: async () => {
      await admin.fund.deleteMany({ where: { id: fundId } });
    },
  };
}

/** A user created for a test, and how to remove it. */
export interface TestUser {
  userId: string;
  email: string;
  /** Deletes the user with their memberships and sessions. Idempotent. */
  cleanup: () => Promise<void>;
}

/** Options of {@link createTestUser}. */
export interface TestUserOptions {
  /** Stored as is (default: a placeholder that matches no password). */
  passwordHash?: string;
  /** Memberships to create. */
  memberships?: { fundId: string; role: Role }[];
}

/**
 * Creates a uniquely addressed user (`<emailPrefix>-<uuid>@test.invalid`) through the owner client,
 * optionally with memberships.
 */
export async function createTestUser(
  admin: PrismaClient,
  emailPrefix: string,
  options: TestUserOptions = {},
): Promise<TestUser> {
  const userId = randomUUID();
  const email = `${emailPrefix.toLowerCase()}-${userId}@test.invalid`;
  await admin.user.create({
    data: {
      id: userId,
      email,
      name: `Test user ${emailPrefix}`,
      passwordHash: options.passwordHash ?? 'not-a-password-hash',
      memberships: { create: (options.memberships ?? []).map((m) => ({ fundId: m.fundId, role: m.role })) },
    },
  });
  return {
    userId,
    email,
    cleanup: async () => {
      await admin.user.deleteMany({ where: { id: userId } });
    },
  };
}

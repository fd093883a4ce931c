/**
 * Demo funds, users and memberships, written idempotently on their natural keys (fund slug, user
 * email, membership (fund, user)). Existing password hashes are kept when they still verify, so a
 * re-run changes nothing.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { hashPassword, needsRehash, verifyPassword } from '../../password.ts';
import type { DemoFundSpec, DemoUserSpec } from './spec.ts';

/** Upserts the funds; returns their ids by slug. */
export async function seedFunds(
  db: PrismaClient,
  funds: readonly DemoFundSpec[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const f of funds) {
    const existing = await db.fund.findUnique({ where: { slug: f.slug } });
    const fund =
      existing && existing.name === f.name
        ? existing
        : await db.fund.upsert({
            where: { slug: f.slug },
            create: { slug: f.slug, name: f.name },
            update: { name: f.name },
          });
    ids.set(f.slug, fund.id);
  }
  return ids;
}

/** Upserts users (all with `password`) and their memberships; returns user ids by email. */
export async function seedUsers(
  db: PrismaClient,
  users: readonly DemoUserSpec[],
  fundIds: ReadonlyMap<string, string>,
  password: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const u of users) {
    const email = u.email.toLowerCase();
    const existing = await db.user.findUnique({ where: { email } });
    const keepHash =
      existing &&
      !needsRehash(existing.passwordHash) &&
      (await verifyPassword(existing.passwordHash, password));
    // One hash per user (own salt), made only when the stored one does not verify.
    const passwordHash = keepHash && existing ? existing.passwordHash : await hashPassword(password);
    if (!existing) {
      const created = await db.user.create({ data: { email, name: u.name, passwordHash } });
      ids.set(email, created.id);
    } else {
      if (existing.name !== u.name || existing.passwordHash !== passwordHash) {
        await db.user.update({ where: { id: existing.id }, data: { name: u.name, passwordHash } });
      }
      ids.set(email, existing.id);
    }
    for (const [slug, role] of Object.entries(u.roles)) {
      const fundId = fundIds.get(slug);
      if (!fundId) throw new Error(`demo user ${email}: unknown fund slug ${JSON.stringify(slug)}`);
      const userId = ids.get(email) as string;
      const member = await db.membership.findUnique({ where: { fundId_userId: { fundId, userId } } });
      if (!member) await db.membership.create({ data: { fundId, userId, role } });
      else if (member.role !== role) await db.membership.update({ where: { id: member.id }, data: { role } });
    }
  }
  return ids;
}

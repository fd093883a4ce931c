/** Demo venue accounts of a fund, upserted on (fund, name); parents are written before children. */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { DemoAccountSpec } from './spec.ts';

/** Upserts the accounts; returns their ids by name. */
export async function seedAccounts(
  db: PrismaClient,
  fundId: string,
  accounts: readonly DemoAccountSpec[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const a of accounts) {
    let parentId: string | null = null;
    if (a.parent) {
      parentId = ids.get(a.parent) ?? null;
      if (!parentId) throw new Error(`demo account ${a.name}: parent ${a.parent} must be listed before it`);
    }
    const data = {
      venue: a.venue,
      kind: a.kind,
      marginMode: a.marginMode,
      parentId,
      externalRef: a.externalRef ?? null,
    };
    const existing = await db.account.findUnique({ where: { fundId_name: { fundId, name: a.name } } });
    if (!existing) {
      const created = await db.account.create({ data: { fundId, name: a.name, ...data } });
      ids.set(a.name, created.id);
      continue;
    }
    const same = (Object.keys(data) as (keyof typeof data)[]).every((k) => existing[k] === data[k]);
    if (!same) await db.account.update({ where: { id: existing.id }, data });
    ids.set(a.name, existing.id);
  }
  return ids;
}

import { createPrismaClient } from '../client.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { testUrls } from './urls.ts';

/** An owner client and an application-role client on the test database. */
export interface TestClients {
  /** Owner role: bypasses row-level security (fixtures, clean-up, global rows). */
  admin: PrismaClient;
  /** Application role: row-level security applies; use it through withTenant / withUser. */
  app: PrismaClient;
  /** Disconnects both. */
  close: () => Promise<void>;
}

/** Opens {@link TestClients}; `max` sizes each pool (default 2). */
export function createTestClients(options: { max?: number } = {}): TestClients {
  const { ownerUrl, appUrl } = testUrls();
  const max = options.max ?? 2;
  const admin = createPrismaClient({ url: ownerUrl, max, applicationName: 'dte-test-admin' });
  const app = createPrismaClient({ url: appUrl, max, applicationName: 'dte-test-app' });
  return {
    admin,
    app,
    close: async () => {
      await Promise.all([admin.$disconnect(), app.$disconnect()]);
    },
  };
}

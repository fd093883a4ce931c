import { defineConfig } from 'prisma/config';
import { dbEnv } from './src/env.ts';

// Used by the Prisma CLI only: `prisma generate` (scripts/generate.ts) and, where the native schema
// engine is available, `prisma migrate deploy` / `prisma migrate status` on the same migrations
// folder. Day-to-day migrations run through scripts/migrate.ts with the WebAssembly schema engine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: dbEnv().DATABASE_URL },
});

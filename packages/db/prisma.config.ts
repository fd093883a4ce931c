import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate; `prisma migrate deploy` where the native engine can be
// downloaded). The app reads its own validated env (src/env.ts); migrations here run through
// scripts/migrate.ts with Prisma's WebAssembly schema engine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dte' },
});

#!/usr/bin/env bash
# Installs what DTE needs on a fresh machine with Node >= 20.19: the pinned pnpm, the workspace's
# dependencies from the lockfile, and the generated Prisma client. Idempotent; safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have=$(pnpm --version 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "bootstrap: installing pnpm $want (found: ${have:-none})"
  # corepack's signature check fails against some registry mirrors; npm's global install works everywhere.
  npm install -g "pnpm@$want" >/dev/null 2>&1 || COREPACK_INTEGRITY_KEYS=0 corepack enable pnpm
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("bootstrap: Node >= 20.19 is required, found "+process.versions.node); process.exit(1) }'

pnpm install --frozen-lockfile
pnpm db:generate
# The bundled `dte` CLI (bin/dte.mjs falls back to the TypeScript sources whenever it is stale).
pnpm --filter @dte/risk-core build:cli

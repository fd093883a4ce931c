# syntax=docker/dockerfile:1
# DTE: one multi-stage image definition, one target per app (api, worker, web) plus `migrate`
# (db:migrate + db:seed). Apps run from TypeScript source with tsx, like in development (the
# internal packages are source-first). Build one target: docker build --target api -t dte-api .

ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /app

# Dependencies only: this layer is reused until a manifest or the lockfile changes.
FROM base AS deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
COPY packages/db/package.json packages/db/
COPY packages/jobs/package.json packages/jobs/
COPY packages/risk-core/package.json packages/risk-core/
RUN CI=true pnpm install --frozen-lockfile

# Sources and the generated Prisma client (generated offline, no engine download).
FROM deps AS source
COPY . .
RUN pnpm db:generate

# One-shot: apply migrations, create the app role, seed demo data (idempotent).
FROM source AS migrate
USER node
CMD ["sh", "-c", "pnpm db:migrate && pnpm db:seed"]

FROM source AS api
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
USER node
WORKDIR /app/apps/api
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/app/docker/healthcheck.mjs", "http://127.0.0.1:4000/healthz"]
CMD ["/app/node_modules/.bin/tsx", "src/main.ts"]

FROM source AS worker
ENV NODE_ENV=production WORKER_HOST=0.0.0.0 WORKER_PORT=4100
USER node
WORKDIR /app/apps/worker
EXPOSE 4100
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/app/docker/healthcheck.mjs", "http://127.0.0.1:4100/readyz"]
CMD ["/app/node_modules/.bin/tsx", "src/main.ts"]

FROM source AS web
ENV NODE_ENV=production WEB_PORT=3000
RUN pnpm --filter @dte/web build && chown -R node:node /app/apps/web/.next
USER node
WORKDIR /app/apps/web
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/app/docker/healthcheck.mjs", "http://127.0.0.1:3000/"]
CMD ["/app/apps/web/node_modules/.bin/next", "start", "-p", "3000", "-H", "0.0.0.0"]

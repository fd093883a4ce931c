/**
 * `pnpm start`: brings the whole platform up on one machine.
 *
 * 1. checks the ports and Redis (no Redis: explains what to do, exits 1);
 * 2. finds PostgreSQL: an explicit DATABASE_URL must answer; without one, the local default is
 *    used when it answers, else an embedded PostgreSQL (registry package) is started under .dte/;
 * 3. runs db:generate (when the client is missing), db:migrate, db:seed, and next build when needed;
 * 4. runs api, worker and web as children with prefixed logs, waits for each health check, prints
 *    the URLs; on Ctrl-C / SIGTERM stops web, worker, api, then PostgreSQL; if a child dies,
 *    stops everything and exits 1.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FLAGS, loadStartConfig, redactUrl, type StartConfig } from './env.ts';
import { READY_MARKER } from './lib/embedded-postgres.ts';
import { StartError } from './lib/errors.ts';
import { waitUntilHealthy } from './lib/health.ts';
import { block, say } from './lib/output.ts';
import { addressOf, isPortFree, probePostgres, probeRedis } from './lib/probe.ts';
import { type ProcessSpec, runStep, type Supervised, Supervisor } from './lib/processes.ts';
import { webBuildNeeded } from './lib/web-build.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const NEXT = join(ROOT, 'apps', 'web', 'node_modules', '.bin', 'next');
const EMBEDDED_DIR = join(ROOT, '.dte', 'postgres');

/** Resolved database URLs and, when embedded, the process that owns the server. */
interface Database {
  databaseUrl: string;
  appDatabaseUrl: string;
  embedded: boolean;
}

function help(): void {
  block([
    'Usage: pnpm start [options]',
    '',
    ...Object.entries(FLAGS).map(([name, text]) => `  ${name.padEnd(24)} ${text}`),
    '',
    'Environment: DATABASE_URL, APP_DATABASE_URL, REDIS_URL, PORT (api), WORKER_PORT, WEB_PORT,',
    'DTE_EMBEDDED_POSTGRES (1|0), DTE_EMBEDDED_POSTGRES_PORT (54329), DTE_SKIP_SEED, LOG_LEVEL.',
    'See docs/operations.md.',
  ]);
}

async function checkPorts(config: StartConfig): Promise<void> {
  const wanted: [string, number][] = [
    ['PORT (api)', config.ports.api],
    ['WORKER_PORT (worker)', config.ports.worker],
    ['WEB_PORT (web)', config.ports.web],
  ];
  for (const [name, port] of wanted) {
    if (!(await isPortFree(port))) {
      throw new StartError(
        'PORT_IN_USE',
        `port ${port} for ${name} is already in use (is DTE already running?). Stop that process or set ${name.split(' ')[0]} to another port.`,
      );
    }
  }
}

async function checkRedis(config: StartConfig): Promise<void> {
  const result = await probeRedis(config.redisUrl);
  if (result.ok) {
    say.line(`Redis answers at ${addressOf(config.redisUrl, 6379)}`);
    return;
  }
  const where = `${redactUrl(config.redisUrl)} (${result.reason})`;
  if (config.redisUrlGiven) {
    throw new StartError(
      'REDIS_UNREACHABLE',
      `REDIS_URL=${where} does not answer. Check the address or unset REDIS_URL.`,
    );
  }
  throw new StartError(
    'REDIS_UNREACHABLE',
    [
      `Redis is required (job queues) and does not answer at ${where}.`,
      'Do one of:',
      '  - install and start it from your OS packages, e.g. Debian/Ubuntu:',
      '      sudo apt-get install -y redis-server && sudo service redis-server start',
      '  - with Docker: docker compose up -d redis',
      '  - point DTE at a running Redis: REDIS_URL=redis://host:6379 pnpm start',
    ].join('\n'),
  );
}

/** Starts the embedded PostgreSQL runner and waits for its ready line. */
async function startEmbedded(config: StartConfig, supervisor: Supervisor): Promise<Database> {
  if (!(await isPortFree(config.embeddedPort))) {
    const pidFile = join(EMBEDDED_DIR, 'postmaster.pid');
    throw new StartError(
      'PORT_IN_USE',
      `port ${config.embeddedPort} for the embedded PostgreSQL is in use${
        existsSync(pidFile)
          ? ` (a previous embedded server may still run: its pid is the first line of ${pidFile})`
          : ''
      }. Stop it or set DTE_EMBEDDED_POSTGRES_PORT.`,
    );
  }
  say.line(`starting the embedded PostgreSQL (data in .dte/postgres, port ${config.embeddedPort})`);
  const runner = supervisor.start({
    name: 'postgres',
    command: TSX,
    args: [join(ROOT, 'scripts', 'embedded-postgres-runner.ts'), EMBEDDED_DIR, String(config.embeddedPort)],
    cwd: ROOT,
    env: config.baseEnv,
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    runner.child.stdout?.on('data', (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = new RegExp(`${READY_MARKER} (\\S+)`).exec(seen);
      if (match?.[1]) resolveUrl(match[1]);
    });
    void runner.exited.then((how) =>
      reject(
        new StartError(
          'EMBEDDED_POSTGRES_FAILED',
          `the embedded PostgreSQL stopped (${how}); see [postgres] above`,
        ),
      ),
    );
  });
  const owner = new URL(url);
  const app = new URL(config.appDatabaseUrl);
  app.hostname = owner.hostname;
  app.port = owner.port;
  return { databaseUrl: url, appDatabaseUrl: app.toString(), embedded: true };
}

async function findDatabase(config: StartConfig, supervisor: Supervisor): Promise<Database> {
  const local = { databaseUrl: config.databaseUrl, appDatabaseUrl: config.appDatabaseUrl, embedded: false };
  if (config.databaseUrlGiven) {
    if (config.embedded === 'always') say.line('DATABASE_URL is set: not starting the embedded PostgreSQL');
    const result = await probePostgres(config.databaseUrl);
    if (!result.ok) {
      throw new StartError(
        'DATABASE_UNREACHABLE',
        `DATABASE_URL=${redactUrl(config.databaseUrl)} does not answer at ${addressOf(config.databaseUrl, 5432)} (${result.reason}). Start that PostgreSQL, fix the URL, or unset DATABASE_URL to use a local or embedded one.`,
      );
    }
    say.line(`PostgreSQL answers at ${addressOf(config.databaseUrl, 5432)} (DATABASE_URL)`);
    return local;
  }
  if (config.embedded === 'always') return startEmbedded(config, supervisor);
  const result = await probePostgres(config.databaseUrl);
  if (result.ok) {
    say.line(`PostgreSQL answers at ${addressOf(config.databaseUrl, 5432)}`);
    return local;
  }
  if (config.embedded === 'never') {
    throw new StartError(
      'DATABASE_UNREACHABLE',
      `no PostgreSQL answers at ${addressOf(config.databaseUrl, 5432)} (${result.reason}) and DTE_EMBEDDED_POSTGRES=0. Start PostgreSQL or set DATABASE_URL.`,
    );
  }
  say.line(`no PostgreSQL at ${addressOf(config.databaseUrl, 5432)} (${result.reason})`);
  return startEmbedded(config, supervisor);
}

async function prepare(config: StartConfig, db: Database): Promise<void> {
  const env = { ...config.baseEnv, DATABASE_URL: db.databaseUrl, APP_DATABASE_URL: db.appDatabaseUrl };
  const pnpm = (name: string, script: string): ProcessSpec => ({
    name,
    command: config.pnpm.command,
    args: [...config.pnpm.args, '--silent', script],
    cwd: ROOT,
    env,
  });
  if (!existsSync(join(ROOT, 'packages', 'db', 'src', 'generated', 'prisma', 'client.ts'))) {
    say.line('generating the Prisma client');
    await runStep(pnpm('generate', 'db:generate'));
  }
  say.line('applying migrations');
  await runStep(pnpm('migrate', 'db:migrate'));
  if (config.skipSeed) say.line('skipping the demo seed');
  else {
    say.line('seeding demo data (idempotent)');
    await runStep(pnpm('seed', 'db:seed'));
  }
  const webDir = join(ROOT, 'apps', 'web');
  if (config.rebuildWeb || webBuildNeeded(webDir)) {
    say.line('building the web app (next build)');
    await runStep({
      name: 'web-build',
      command: NEXT,
      args: ['build'],
      cwd: webDir,
      env: { ...config.baseEnv, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
  } else say.line('web build is current');
}

function appSpecs(config: StartConfig, db: Database): ProcessSpec[] {
  const common = {
    ...config.baseEnv,
    APP_DATABASE_URL: db.appDatabaseUrl,
    REDIS_URL: config.redisUrl,
    LOG_LEVEL: config.logLevel,
  };
  return [
    {
      name: 'api',
      command: TSX,
      args: ['src/main.ts'],
      cwd: join(ROOT, 'apps', 'api'),
      env: { ...common, PORT: String(config.ports.api), HOST: '127.0.0.1' },
    },
    {
      name: 'worker',
      command: TSX,
      args: ['src/main.ts'],
      cwd: join(ROOT, 'apps', 'worker'),
      env: { ...common, WORKER_PORT: String(config.ports.worker), WORKER_HOST: '127.0.0.1' },
    },
    {
      name: 'web',
      command: NEXT,
      args: ['start', '-p', String(config.ports.web), '-H', '127.0.0.1'],
      cwd: join(ROOT, 'apps', 'web'),
      env: {
        ...config.baseEnv,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        WEB_PORT: String(config.ports.web),
        API_URL: `http://127.0.0.1:${config.ports.api}/graphql`,
      },
    },
  ];
}

async function main(): Promise<void> {
  const began = Date.now();
  let config: StartConfig;
  try {
    config = loadStartConfig();
  } catch (error) {
    const code = error instanceof StartError ? error.code : 'UNEXPECTED';
    block(
      [`pnpm start failed [${code}]:`, error instanceof Error ? error.message : String(error)],
      process.stderr,
    );
    process.exit(1);
  }
  if (config.help) return help();

  let shuttingDown = false;
  let embedded = false;
  const supervisor = new Supervisor((name, how) => {
    if (shuttingDown) return;
    say.line(`${name} stopped unexpectedly (${how}); stopping everything`, process.stderr);
    void shutdown(1);
  }, !config.jsonLogs);

  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const apps = ['web', 'worker', 'api'].filter((name) => supervisor.isRunning(name));
    if (apps.length > 0) say.line(`stopping ${apps.join(', ')}`);
    await supervisor.stop(apps);
    if (embedded && supervisor.isRunning('postgres')) say.line('stopping the embedded PostgreSQL');
    const anything = apps.length > 0 || supervisor.isRunning('postgres');
    await supervisor.stopAll();
    if (anything) say.line('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!shuttingDown) say.line(`${signal} received`);
      void shutdown(0);
    });
  }

  try {
    await checkPorts(config);
    await checkRedis(config);
    const db = await findDatabase(config, supervisor);
    embedded = db.embedded;
    say.line(`database: ${redactUrl(db.databaseUrl)} (app role: ${redactUrl(db.appDatabaseUrl)})`);
    await prepare(config, db);

    const children: Supervised[] = appSpecs(config, db).map((spec) => supervisor.start(spec));
    const alive = (name: string) => () => supervisor.isRunning(name);
    const api = `http://127.0.0.1:${config.ports.api}`;
    const worker = `http://127.0.0.1:${config.ports.worker}`;
    const web = `http://127.0.0.1:${config.ports.web}`;
    const [apiMs, workerMs, webMs] = await Promise.all([
      waitUntilHealthy(
        {
          name: 'api',
          url: `${api}/graphql`,
          init: {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ health { status database redis } }' }),
          },
          accept: async (response) =>
            response.status === 200 &&
            ((await response.json()) as { data?: { health?: { status?: string } } }).data?.health?.status ===
              'ok',
        },
        alive('api'),
      ),
      waitUntilHealthy({ name: 'worker', url: `${worker}/readyz` }, alive('worker')),
      waitUntilHealthy({ name: 'web', url: `${web}/` }, alive('web'), 90_000),
    ]);
    block([
      `DTE is up in ${((Date.now() - began) / 1000).toFixed(1)} s (${children.map((c) => c.name).join(', ')}${
        embedded ? ', embedded PostgreSQL' : ''
      }; ready after api ${apiMs} ms, worker ${workerMs} ms, web ${webMs} ms of their own start)`,
      '',
      `  Web app          ${web}/`,
      `  GraphQL          ${api}/graphql   (liveness ${api}/healthz)`,
      `  Worker health    ${worker}/healthz   ${worker}/readyz`,
      '',
      config.skipSeed
        ? '  Demo data was not seeded (--skip-seed); run pnpm db:seed for demo logins.'
        : '  Demo logins: see docs/demo-data.md (every demo user shares the one demo password listed there).',
      '  Press Ctrl-C to stop everything.',
    ]);
  } catch (error) {
    if (shuttingDown) return;
    const code = error instanceof StartError ? error.code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    block([`pnpm start failed [${code}]:`, message], process.stderr);
    await shutdown(1);
  }
}

void main();

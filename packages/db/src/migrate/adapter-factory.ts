import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

/** Prefix of the temporary databases the schema engine replays migrations into. */
export const SHADOW_DB_PREFIX = 'prisma_migrate_shadow_db_';

/** OIDs of PostgreSQL's internal single-byte `"char"` type and of `text`. */
const CHAR_OID = 18;
const TEXT_OID = 25;
/** `ColumnTypeEnum.Character` of `@prisma/driver-adapter-utils`. */
const CHARACTER_COLUMN = 6;

/**
 * The `pg` driver adapter factory for the schema engine. It works around two gaps of
 * `@prisma/adapter-pg` 7.10 when used for migrations:
 * - the adapter rejects result columns of type `"char"` (OID 18), which the engine's catalog
 *   queries return (`pg_constraint.contype`) and read as a character: such columns pass the
 *   adapter as `text` and are then reported as `Character`;
 * - its `executeScript` splits the script on every `;`, which breaks function bodies and `DO`
 *   blocks: the script is sent whole instead (the simple query protocol runs several statements,
 *   as Prisma's native engine does);
 * - its `connectToShadowDb` drops the shadow database while its pool is still connected
 *   ("is being accessed by other users"): here the pool is closed first and the database dropped
 *   `WITH (FORCE)`.
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName: string;
  private readonly open = new Set<SqlDriverAdapter>();

  /** @param config pool config of the database the engine works on (see `poolConfigFromUrl`). */
  constructor(private readonly config: pg.PoolConfig) {
    this.adapterName = new PrismaPg(config).adapterName;
  }

  /** Connects to the configured database. */
  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await connectAdapter(this.config);
    this.open.add(adapter);
    return adapter;
  }

  /** Closes every connection this factory opened and drops its shadow databases (idempotent). */
  async dispose(): Promise<void> {
    const adapters = [...this.open];
    this.open.clear();
    await Promise.allSettled(adapters.map((a) => a.dispose()));
  }

  /** Creates a uniquely named empty database and connects to it; `dispose()` drops it. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `${SHADOW_DB_PREFIX}${randomUUID()}`;
    await this.admin(`CREATE DATABASE "${name}"`);
    const adapter = await connectAdapter({ ...this.config, database: name });
    const dropDatabase = () => this.admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const shadow = new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === 'dispose') {
          return async () => {
            try {
              await target.dispose();
            } finally {
              await dropDatabase();
            }
          };
        }
        return bound(target, prop, receiver);
      },
    });
    this.open.add(shadow);
    return shadow;
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client(this.config);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/**
 * Connects an adapter over a one-connection pool, reporting `"char"` result columns as `Character`.
 * With one connection, queries run one after another, so the row description seen last belongs to
 * the query whose result is being converted.
 */
async function connectAdapter(config: pg.PoolConfig): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ ...config, max: 1 });
  let charColumns: number[] = [];
  pool.on('connect', (client) => {
    client.connection.prependListener('rowDescription', (msg: { fields: { dataTypeID: number }[] }) => {
      charColumns = [];
      msg.fields.forEach((field, i) => {
        if (field.dataTypeID !== CHAR_OID) return;
        field.dataTypeID = TEXT_OID;
        charColumns.push(i);
      });
    });
  });
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'executeScript') return (script: string) => executeScript(pool, script);
      if (prop === 'queryRaw') {
        return async (query: SqlQuery): Promise<SqlResultSet> => {
          charColumns = [];
          const result = await target.queryRaw(query);
          const columnTypes = [...result.columnTypes];
          for (const i of charColumns) columnTypes[i] = CHARACTER_COLUMN;
          return { ...result, columnTypes };
        };
      }
      return bound(target, prop, receiver);
    },
  });
}

/** Runs a multi-statement script in one round trip; errors keep PostgreSQL's code and message. */
async function executeScript(pool: pg.Pool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    const e = error as pg.DatabaseError;
    if (typeof e.code !== 'string') throw error;
    throw new DriverAdapterError({
      kind: 'postgres',
      code: e.code,
      severity: e.severity ?? 'ERROR',
      message: e.message,
      detail: e.detail,
      column: e.column,
      hint: e.hint,
    });
  }
}

/** `Reflect.get`, with methods bound to the target (for `Proxy` handlers). */
function bound(target: object, prop: string | symbol, receiver: unknown): unknown {
  const value = Reflect.get(target, prop, receiver);
  return typeof value === 'function' ? value.bind(target) : value;
}

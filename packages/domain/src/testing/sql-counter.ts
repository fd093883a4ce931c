/**
 * Counts the SQL statements PostgreSQL receives from this process's `pg` clients of one
 * `application_name` (Prisma's driver adapter sends every statement, BEGIN and COMMIT included,
 * through `pg.Client.prototype.query`). For tests and benchmarks that assert a statement count does
 * not grow with the data.
 */
import pg from 'pg';

/** A running counter; `stop()` restores `pg.Client.prototype.query`. */
export interface StatementCounter {
  /** Statements counted since the start or the last `reset()`. */
  readonly count: number;
  /** The statements' text (first 120 characters), in order. */
  readonly statements: readonly string[];
  reset(): void;
  stop(): void;
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/** Starts counting statements of clients whose `application_name` is `applicationName`. */
export function countStatements(applicationName: string): StatementCounter {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function counted(this: pg.Client, ...args: unknown[]) {
    const params = (this as unknown as { connectionParameters?: { application_name?: string } })
      .connectionParameters;
    if (params?.application_name === applicationName) {
      const first = args[0];
      const text =
        typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '(query)');
      seen.push(text.replace(/\s+/g, ' ').slice(0, 120));
    }
    return original.apply(this, args);
  };
  return {
    get count() {
      return seen.length;
    },
    get statements() {
      return seen;
    },
    reset() {
      seen.length = 0;
    },
    stop() {
      proto.query = original;
    },
  };
}

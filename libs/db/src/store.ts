import pg from 'pg';
import { sqlParameters } from './array-parameters.js';

/**
 * The narrow SQL surface that shared mechanisms (outbox, inbox) need inside a caller's
 * transaction. It lets those mechanisms run in the same transaction as a service's own Prisma
 * writes, without the libraries depending on any service's generated client.
 */
export interface SqlExecutor {
  /** Runs a statement with $1..$n parameters and returns the number of rows it affected. */
  execute(sql: string, params: readonly unknown[]): Promise<number>;
  /** Runs a query with $1..$n parameters and returns its rows. */
  query<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
}

/** A database that runs work in one transaction and exposes SQL inside it. */
export interface TransactionalStore<Tx> {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  sql(tx: Tx): SqlExecutor;
  /** Runs each statement on its own (autocommit): for reads that need no transaction around them. */
  direct: SqlExecutor;
}

/** How long one transaction may stay open, so a stuck call cannot hold locks for ever. */
export const TRANSACTION_TIMEOUT_MS = 30_000;
/** How long to wait for a pooled connection before failing the transaction. */
export const TRANSACTION_MAX_WAIT_MS = 10_000;

/** The raw-SQL methods every generated Prisma client and transaction client have. */
export interface PrismaRawSql {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface PrismaTransactionCapable<Tx extends PrismaRawSql> {
  $transaction<R>(work: (tx: Tx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

/** Raw SQL through Prisma, arrays of scalars bound as one literal each (see sqlParameters). */
export function prismaSql(tx: PrismaRawSql): SqlExecutor {
  return {
    execute: (sql, params) => tx.$executeRawUnsafe(sql, ...sqlParameters(params)),
    query: <Row>(sql: string, params: readonly unknown[]) => tx.$queryRawUnsafe<Row[]>(sql, ...sqlParameters(params)),
  };
}

/** A store over a generated Prisma client: the transaction handle is Prisma's transaction client. */
export function prismaStore<Tx extends PrismaRawSql>(client: PrismaTransactionCapable<Tx> & PrismaRawSql): TransactionalStore<Tx> {
  return {
    transaction: (work) => client.$transaction(work, { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS }),
    sql: prismaSql,
    direct: prismaSql(client),
  };
}

function pgSql(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    execute: async (sql, params) => (await client.query(sql, params as unknown[])).rowCount ?? 0,
    query: async <Row>(sql: string, params: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[],
  };
}

/**
 * A plain pg pool beside a service's Prisma client, for reads of many rows measured to be too
 * slow through Prisma's raw queries (its per-value conversion dominates on large results), with
 * server settings for its sessions (e.g. work_mem for large hashes).
 */
export function createPgPool(connectionString: string, poolSizeMax: number, settings: Readonly<Record<string, string>> = {}): pg.Pool {
  // Settings go with the connection's start-up packet, so every connection has them from its first query.
  const options = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  return new pg.Pool({ connectionString, max: poolSizeMax, ...(options === '' ? {} : { options }) });
}

/** A store over a plain pg pool, for hot paths measured to need it and for mechanism tests. */
export function pgStore(pool: pg.Pool): TransactionalStore<pg.PoolClient> {
  return {
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL statement_timeout = ${TRANSACTION_TIMEOUT_MS}`);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    sql: (client) => pgSql(client),
    direct: pgSql(pool),
  };
}

/** What a service needs of its database besides its own queries: transactions, a ping, a close. */
export interface ServiceDatabase<Tx> {
  store: TransactionalStore<Tx>;
  /** Throws when the database does not answer. */
  check(): Promise<void>;
  disconnect(): Promise<void>;
}

export function prismaServiceDatabase<Tx extends PrismaRawSql>(
  client: PrismaTransactionCapable<Tx> & PrismaRawSql & { $disconnect(): Promise<void> },
): ServiceDatabase<Tx> {
  return {
    store: prismaStore(client),
    check: async () => {
      await client.$queryRawUnsafe('SELECT 1');
    },
    disconnect: () => client.$disconnect(),
  };
}

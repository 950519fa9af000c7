import { PrismaPg } from '@prisma/adapter-pg';

/** Connection pool size per service process unless configured otherwise. */
export const DATABASE_POOL_SIZE_DEFAULT = 10;

/**
 * Most distinct statements one process prepares. Each connection keeps the statements it has
 * run, plan included, until it closes, so this bounds the server memory they hold. A service's
 * hot statements are few and come early; a statement beyond the limit is planned per call.
 */
export const PREPARED_STATEMENTS_MAX = 200;

/**
 * Most values (each array element counts) a call may bind and still run as a prepared statement.
 * Parsing costs the same whatever the values, so it matters for the calls that handle a few
 * rows, such as creating or reading one document (one of 20 lines binds about 300). Statements
 * whose text grows with their rows (Prisma's multi-row inserts, long IN lists) would fill the
 * statements a process may prepare with texts seen once.
 *
 * Arrays of scalars reach Prisma as one literal each (sqlParameters), so the batched statements
 * that pass thousands of values in arrays count a value per array and are prepared. Passed as
 * arrays they had run slower prepared than unnamed (inserting 2,500 journal lines: 35 ms instead
 * of 31). Their texts are fixed, so they do not crowd the statements out. Measured alone, a
 * transaction inserting 500 entries and 4,000 lines through the ledger's client took 155 to
 * 198 ms from start to rollback with literals, prepared, and 182 to 195 ms with arrays, unnamed.
 */
export const PREPARED_STATEMENT_VALUES_MAX = 300;

/**
 * Prepared statements are still planned for each call's parameters: what is saved is parsing and
 * analysing their text. Postgres would otherwise switch a statement to one generic plan after
 * five calls, and a plan chosen while a table is nearly empty stays cheap-looking: reading a
 * document's lines by company and id that way took 1.9 ms instead of 0.14 once the bench had
 * created a few thousand documents.
 */
const PLAN_CACHE_MODE = 'force_custom_plan';

export interface PrismaClientOptions {
  connectionString: string;
  poolSizeMax?: number;
}

/**
 * Builds a service's generated Prisma client on the pg driver adapter. Prisma 7's client needs no
 * native engine this way, which matters because engines cannot be downloaded on our machines.
 * Each service passes its own generated client class; this library owns only the wiring.
 *
 * Statements run as named prepared statements (preparedStatementNames): without a name, Postgres
 * parses and analyses every statement's text on every call. A pool in front of Postgres must
 * therefore keep sessions (PgBouncer's session mode).
 */
export function createPrismaClient<Client>(
  PrismaClient: new (options: { adapter: PrismaPg }) => Client,
  options: PrismaClientOptions,
): Client {
  const adapter = new PrismaPg(
    {
      connectionString: options.connectionString,
      max: options.poolSizeMax ?? DATABASE_POOL_SIZE_DEFAULT,
      // Settings go with the connection's start-up packet, so every connection has them from its first query.
      options: `-c plan_cache_mode=${PLAN_CACHE_MODE}`,
    },
    { statementNameGenerator: preparedStatementNames() },
  );
  return new PrismaClient({ adapter });
}

/**
 * Names statements for pg, which prepares a named statement once per connection and then only
 * binds and executes it: the same text always gets the same name, so every connection of the
 * pool shares them. An empty name runs the call unnamed, parsed for it alone: a call binding more
 * than PREPARED_STATEMENT_VALUES_MAX values, and a new text once PREPARED_STATEMENTS_MAX are named.
 */
export function preparedStatementNames(
  limits: { statementsMax: number; valuesMax: number } = { statementsMax: PREPARED_STATEMENTS_MAX, valuesMax: PREPARED_STATEMENT_VALUES_MAX },
): (query: { sql: string; args: readonly unknown[] }) => string {
  const names = new Map<string, string>();
  return ({ sql, args }) => {
    let values = 0;
    for (const arg of args) values += Array.isArray(arg) ? arg.length : 1;
    if (values > limits.valuesMax) return '';
    const known = names.get(sql);
    if (known !== undefined) return known;
    if (names.size >= limits.statementsMax) return '';
    const name = `ledgerline_${names.size + 1}`;
    names.set(sql, name);
    return name;
  };
}

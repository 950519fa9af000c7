export { databaseUrl, dropDatabase, ensureDatabase } from './database.js';
export { DEADLOCK_ATTEMPTS_MAX, isDeadlock, retryOnDeadlock } from './deadlock.js';
export { isUniqueViolation, sqlErrorCodes } from './sql-errors.js';
export { applyMigrations, MigrationError, type MigrationResult } from './migrations.js';
export {
  createPrismaClient,
  DATABASE_POOL_SIZE_DEFAULT,
  PREPARED_STATEMENT_VALUES_MAX,
  PREPARED_STATEMENTS_MAX,
  preparedStatementNames,
  type PrismaClientOptions,
} from './prisma.js';
export {
  createPgPool,
  pgStore,
  prismaSql,
  prismaServiceDatabase,
  prismaStore,
  TRANSACTION_MAX_WAIT_MS,
  TRANSACTION_TIMEOUT_MS,
  type PrismaRawSql,
  type PrismaTransactionCapable,
  type ServiceDatabase,
  type SqlExecutor,
  type TransactionalStore,
} from './store.js';

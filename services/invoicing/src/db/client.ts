import { createPgPool, createPrismaClient, pgStore, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type InvoicingTransaction = Prisma.TransactionClient;
export type InvoicingDatabase = ReturnType<typeof createInvoicingDatabase>;

/** Connections for large reads (posting-run selections); few, since such reads are few. */
const BULK_POOL_SIZE_MAX = 2;
/**
 * Memory a bulk read may hash and sort in before spilling to disk: summing the lines of a
 * 100,000-document selection hashes half a million rows, about 30 MB.
 */
const BULK_WORK_MEM_MB = 64;
/**
 * Longest a bulk read may run: as long as the gateway waits for a posting-run report. A read the
 * caller has given up on (the selection of 200,000 documents takes about 10 s) is stopped instead
 * of holding one of the pool's two connections.
 */
const BULK_STATEMENT_TIMEOUT_MS = 120_000;
/**
 * Bulk reads run without JIT compilation: the planner's row estimates for the selection's
 * joins are far too high, so it compiled the summary statement every time, which took longer
 * (about 2 s) than running it.
 */
const BULK_SESSION_SETTINGS = { work_mem: `${BULK_WORK_MEM_MB}MB`, jit: 'off', statement_timeout: String(BULK_STATEMENT_TIMEOUT_MS) };

/**
 * The service's Prisma client, plus the transactions, ping and close the service host needs, and
 * `bulk`: plain SQL on its own small pool for the reads of thousands of rows a posting run makes.
 */
export function createInvoicingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  const bulkPool = createPgPool(connectionString, BULK_POOL_SIZE_MAX, BULK_SESSION_SETTINGS);
  const service = prismaServiceDatabase<InvoicingTransaction>(prisma);
  return {
    prisma,
    ...service,
    bulk: pgStore(bulkPool).direct,
    async disconnect() {
      await service.disconnect();
      await bulkPool.end();
    },
  };
}

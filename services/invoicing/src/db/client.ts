import { createPgPool, createPrismaClient, pgStore, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type InvoicingTransaction = Prisma.TransactionClient;
export type InvoicingDatabase = ReturnType<typeof createInvoicingDatabase>;

/** Connections for large reads (posting-run selections); few, since such reads are few. */
const BULK_POOL_SIZE_MAX = 2;

/**
 * The service's Prisma client, plus the transactions, ping and close the service host needs, and
 * `bulk` (and `bulkStore`, for read transactions): plain SQL on its own small pool for the reads of
 * thousands of rows a posting run makes.
 */
export function createInvoicingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  const bulkPool = createPgPool(connectionString, BULK_POOL_SIZE_MAX);
  const service = prismaServiceDatabase<InvoicingTransaction>(prisma);
  const bulkStore = pgStore(bulkPool);
  return {
    prisma,
    ...service,
    bulk: bulkStore.direct,
    bulkStore,
    async disconnect() {
      await service.disconnect();
      await bulkPool.end();
    },
  };
}

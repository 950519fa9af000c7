import { createPgPool, createPrismaClient, pgStore, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type PostingTransaction = Prisma.TransactionClient;
export type PostingDatabase = ReturnType<typeof createPostingDatabase>;

/** Connections for bulk writes (a posting run's documents); few, since runs are few. */
const BULK_POOL_SIZE_MAX = 2;

/**
 * The service's Prisma client, plus the transactions, ping and close the service host needs, and
 * `bulkStore`: plain SQL transactions on a small pool of its own, for storing the 100,000 documents
 * of a posting run, which through Prisma's raw queries took seconds of parameter conversion.
 */
export function createPostingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  const bulkPool = createPgPool(connectionString, BULK_POOL_SIZE_MAX);
  const service = prismaServiceDatabase<PostingTransaction>(prisma);
  return {
    prisma,
    ...service,
    bulkStore: pgStore(bulkPool),
    async disconnect() {
      await service.disconnect();
      await bulkPool.end();
    },
  };
}

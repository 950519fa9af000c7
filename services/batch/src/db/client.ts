import { createPrismaClient, prismaStore } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type BatchTransaction = Prisma.TransactionClient;
export type BatchDatabase = ReturnType<typeof createBatchDatabase>;

/** The service's Prisma client and the transactional store the outbox and inbox run in. */
export function createBatchDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, store: prismaStore<BatchTransaction>(prisma) };
}

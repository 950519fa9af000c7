import { createPrismaClient, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type BatchTransaction = Prisma.TransactionClient;
export type BatchDatabase = ReturnType<typeof createBatchDatabase>;

/** The service's Prisma client, plus the transactions, ping and close the service host needs. */
export function createBatchDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, ...prismaServiceDatabase<BatchTransaction>(prisma) };
}

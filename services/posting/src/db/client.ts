import { createPrismaClient, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type PostingTransaction = Prisma.TransactionClient;
export type PostingDatabase = ReturnType<typeof createPostingDatabase>;

/** The service's Prisma client, plus the transactions, ping and close the service host needs. */
export function createPostingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, ...prismaServiceDatabase<PostingTransaction>(prisma) };
}

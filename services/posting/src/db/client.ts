import { createPrismaClient, prismaStore } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type PostingTransaction = Prisma.TransactionClient;
export type PostingDatabase = ReturnType<typeof createPostingDatabase>;

/** The service's Prisma client and the transactional store the outbox and inbox run in. */
export function createPostingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, store: prismaStore<PostingTransaction>(prisma) };
}

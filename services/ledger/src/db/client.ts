import { createPrismaClient, prismaStore } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type LedgerTransaction = Prisma.TransactionClient;
export type LedgerDatabase = ReturnType<typeof createLedgerDatabase>;

/** The service's Prisma client and the transactional store the outbox and inbox run in. */
export function createLedgerDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, store: prismaStore<LedgerTransaction>(prisma) };
}

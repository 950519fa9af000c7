import { createPrismaClient, prismaStore } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type InvoicingTransaction = Prisma.TransactionClient;
export type InvoicingDatabase = ReturnType<typeof createInvoicingDatabase>;

/** The service's Prisma client and the transactional store the outbox and inbox run in. */
export function createInvoicingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, store: prismaStore<InvoicingTransaction>(prisma) };
}

import { createPrismaClient, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type InvoicingTransaction = Prisma.TransactionClient;
export type InvoicingDatabase = ReturnType<typeof createInvoicingDatabase>;

/** The service's Prisma client, plus the transactions, ping and close the service host needs. */
export function createInvoicingDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, ...prismaServiceDatabase<InvoicingTransaction>(prisma) };
}

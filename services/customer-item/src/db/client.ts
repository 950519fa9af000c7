import { createPrismaClient, prismaStore } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type CustomerItemTransaction = Prisma.TransactionClient;
export type CustomerItemDatabase = ReturnType<typeof createCustomerItemDatabase>;

/** The service's Prisma client and the transactional store the outbox and inbox run in. */
export function createCustomerItemDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, store: prismaStore<CustomerItemTransaction>(prisma) };
}

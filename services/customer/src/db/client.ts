import { createPrismaClient, prismaStore } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type CustomerTransaction = Prisma.TransactionClient;
export type CustomerDatabase = ReturnType<typeof createCustomerDatabase>;

/** The service's Prisma client and the transactional store the outbox and inbox run in. */
export function createCustomerDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, store: prismaStore<CustomerTransaction>(prisma) };
}

import { createPrismaClient, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type CustomerItemTransaction = Prisma.TransactionClient;
export type CustomerItemDatabase = ReturnType<typeof createCustomerItemDatabase>;

/** The service's Prisma client, plus the transactions, ping and close the service host needs. */
export function createCustomerItemDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, ...prismaServiceDatabase<CustomerItemTransaction>(prisma) };
}

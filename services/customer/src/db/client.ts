import { createPrismaClient, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type CustomerTransaction = Prisma.TransactionClient;
export type CustomerDatabase = ReturnType<typeof createCustomerDatabase>;

/** The service's Prisma client, plus the transactions, ping and close the service host needs. */
export function createCustomerDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, ...prismaServiceDatabase<CustomerTransaction>(prisma) };
}

import { createPrismaClient, prismaServiceDatabase } from '@ledgerline/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type LedgerTransaction = Prisma.TransactionClient;
export type LedgerDatabase = ReturnType<typeof createLedgerDatabase>;

/** The service's Prisma client, plus the transactions, ping and close the service host needs. */
export function createLedgerDatabase(connectionString: string, poolSizeMax: number) {
  const prisma = createPrismaClient(PrismaClient, { connectionString, poolSizeMax });
  return { prisma, ...prismaServiceDatabase<LedgerTransaction>(prisma) };
}

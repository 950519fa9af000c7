import { PrismaPg } from '@prisma/adapter-pg';

/** Connection pool size per service process unless configured otherwise. */
export const DATABASE_POOL_SIZE_DEFAULT = 10;

export interface PrismaClientOptions {
  connectionString: string;
  poolSizeMax?: number;
}

/**
 * Builds a service's generated Prisma client on the pg driver adapter. Prisma 7's client needs no
 * native engine this way, which matters because engines cannot be downloaded on our machines.
 * Each service passes its own generated client class; this library owns only the wiring.
 */
export function createPrismaClient<Client>(
  PrismaClient: new (options: { adapter: PrismaPg }) => Client,
  options: PrismaClientOptions,
): Client {
  const adapter = new PrismaPg({
    connectionString: options.connectionString,
    max: options.poolSizeMax ?? DATABASE_POOL_SIZE_DEFAULT,
  });
  return new PrismaClient({ adapter });
}

import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import type { CustomerConfig } from './config.js';
import { SERVICE_NAME } from './config.js';
import { createCustomerDatabase } from './db/client.js';
import { customerGrpcService } from './grpc/customer-grpc.js';

/** Advisory lock key of this service's outbox relay: one relay replica publishes at a time. */
const OUTBOX_LOCK_KEY = 1004;

/** Composition root of the customer service: database, messaging and gRPC, wired together. */
export async function startCustomerService(config: CustomerConfig, logger: Logger): Promise<RunningDataService> {
  const database = createCustomerDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    grpcHost: config.GRPC_HOST,
    grpcPort: config.GRPC_PORT,
    kafkaBrokers: config.KAFKA_BROKERS,
    logger,
    store: database.store,
    checkDatabase: async () => {
      await database.prisma.$queryRaw`SELECT 1`;
    },
    disconnectDatabase: () => database.prisma.$disconnect(),
    grpcServices: [customerGrpcService()],
    publishes: [eventTopics['customer.v1.PaymentRecorded']],
    consumers: [],
    outboxLockKey: OUTBOX_LOCK_KEY,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  });
}

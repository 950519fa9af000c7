import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import type { PostingConfig } from './config.js';
import { SERVICE_NAME } from './config.js';
import { createPostingDatabase } from './db/client.js';
import { postingGrpcService } from './grpc/posting-grpc.js';

/** Advisory lock key of this service's outbox relay: one relay replica publishes at a time. */
const OUTBOX_LOCK_KEY = 1003;

/** Composition root of the posting service: database, messaging and gRPC, wired together. */
export async function startPostingService(config: PostingConfig, logger: Logger): Promise<RunningDataService> {
  const database = createPostingDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
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
    grpcServices: [postingGrpcService()],
    publishes: [eventTopics['posting.v1.InvoicePosted'], eventTopics['posting.v1.InvoicePostingFailed']],
    consumers: [],
    outboxLockKey: OUTBOX_LOCK_KEY,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  });
}

import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { SERVICE_NAME, type PostingConfig } from './config.js';
import { createPostingDatabase } from './db/client.js';
import { postingGrpcService } from './grpc/posting-grpc.js';

const OUTBOX_LOCK_KEY = 1003;

/** Composition root of the posting service. */
export async function startPostingService(config: PostingConfig, logger: Logger): Promise<RunningDataService> {
  const database = createPostingDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [postingGrpcService()],
    publishes: [eventTopics['posting.v1.InvoicePosted'], eventTopics['posting.v1.InvoicePostingFailed']],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

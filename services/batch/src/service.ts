import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import type { BatchContext } from './app/context.js';
import { SERVICE_NAME, type BatchConfig } from './config.js';
import { createBatchDatabase } from './db/client.js';
import { batchGrpcService } from './grpc/batch-grpc.js';
import { AR_TRANSACTIONS_CONSUMER_GROUP, arTransactionsConsumer } from './kafka/ar-transaction-events.js';

const OUTBOX_LOCK_KEY = 1006;

export interface BatchServiceOptions {
  /** Consumer group of the A/R transaction events; tests give each run its own. Default "batch". */
  consumerGroupId?: string;
}

/** Composition root of the batch service. */
export async function startBatchService(config: BatchConfig, logger: Logger, options: BatchServiceOptions = {}): Promise<RunningDataService> {
  const database = createBatchDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  const context: BatchContext = { database, logger };
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [batchGrpcService(context)],
    consumers: [arTransactionsConsumer(context, options.consumerGroupId ?? AR_TRANSACTIONS_CONSUMER_GROUP)],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

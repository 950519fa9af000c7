import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { SERVICE_NAME, type BatchConfig } from './config.js';
import { createBatchDatabase } from './db/client.js';
import { batchGrpcService } from './grpc/batch-grpc.js';

const OUTBOX_LOCK_KEY = 1006;

/** Composition root of the batch service. */
export async function startBatchService(config: BatchConfig, logger: Logger): Promise<RunningDataService> {
  const database = createBatchDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [batchGrpcService()],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

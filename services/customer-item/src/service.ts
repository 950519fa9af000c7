import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { SERVICE_NAME, type CustomerItemConfig } from './config.js';
import { createCustomerItemDatabase } from './db/client.js';
import { customerItemGrpcService } from './grpc/customer-item-grpc.js';

const OUTBOX_LOCK_KEY = 1005;

/** Composition root of the customer-item service. */
export async function startCustomerItemService(config: CustomerItemConfig, logger: Logger): Promise<RunningDataService> {
  const database = createCustomerItemDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [customerItemGrpcService()],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

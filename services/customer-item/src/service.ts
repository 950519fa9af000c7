import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import type { CustomerItemContext } from './app/context.js';
import { SERVICE_NAME, type CustomerItemConfig } from './config.js';
import { createCustomerItemDatabase } from './db/client.js';
import { customerItemGrpcService } from './grpc/customer-item-grpc.js';
import { POSTED_DOCUMENTS_CONSUMER_GROUP, postedDocumentsConsumer } from './kafka/posted-documents.js';

const OUTBOX_LOCK_KEY = 1005;

export interface CustomerItemServiceOptions {
  /** Consumer group of InvoicePosted; tests give each run its own. Default "customer-item". */
  consumerGroupId?: string;
}

/** Composition root of the customer-item service. */
export async function startCustomerItemService(
  config: CustomerItemConfig,
  logger: Logger,
  options: CustomerItemServiceOptions = {},
): Promise<RunningDataService> {
  const database = createCustomerItemDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  const context: CustomerItemContext = { database, logger };
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [customerItemGrpcService(context)],
    consumers: [postedDocumentsConsumer(context, options.consumerGroupId ?? POSTED_DOCUMENTS_CONSUMER_GROUP)],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

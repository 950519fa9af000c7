import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { SERVICE_NAME, type CustomerConfig } from './config.js';
import { createCustomerDatabase } from './db/client.js';
import { customerGrpcService } from './grpc/customer-grpc.js';

const OUTBOX_LOCK_KEY = 1004;

/** Composition root of the customer service. */
export async function startCustomerService(config: CustomerConfig, logger: Logger): Promise<RunningDataService> {
  const database = createCustomerDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [customerGrpcService()],
    publishes: [eventTopics['customer.v1.PaymentRecorded']],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

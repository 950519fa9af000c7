import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { SERVICE_NAME, type InvoicingConfig } from './config.js';
import { createInvoicingDatabase } from './db/client.js';
import { invoicingGrpcService } from './grpc/invoicing-grpc.js';

const OUTBOX_LOCK_KEY = 1002;

/** Composition root of the invoicing service. */
export async function startInvoicingService(config: InvoicingConfig, logger: Logger): Promise<RunningDataService> {
  const database = createInvoicingDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [invoicingGrpcService(database.prisma)],
    publishes: [eventTopics['invoicing.v1.InvoicePostingRequested']],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}

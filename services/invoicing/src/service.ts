import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { InvoicingApp } from './app/invoicing.js';
import { PostingRunSupport } from './app/posting-runs.js';
import { SERVICE_NAME, type InvoicingConfig } from './config.js';
import { createInvoicingDatabase } from './db/client.js';
import { customerItemDraftsClient } from './grpc/customer-item-drafts.js';
import { customerDirectory, ledgerCompanyDirectory } from './grpc/directories.js';
import { invoicingGrpcService } from './grpc/invoicing-grpc.js';
import { INVOICING_CONSUMED_TOPICS, INVOICING_CONSUMER_GROUP, postingOutcomeHandler, postingRequestedEvent } from './kafka/events.js';

const OUTBOX_LOCK_KEY = 1002;

/** Composition root of the invoicing service. */
export async function startInvoicingService(config: InvoicingConfig, logger: Logger): Promise<RunningDataService> {
  const database = createInvoicingDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  const companies = ledgerCompanyDirectory(config.LEDGER_GRPC_ADDRESS, config.GRPC_DEADLINE_MS);
  const customers = customerDirectory(config.CUSTOMER_GRPC_ADDRESS, config.GRPC_DEADLINE_MS);
  const customerItemDrafts = customerItemDraftsClient(config.CUSTOMER_ITEM_GRPC_ADDRESS, config.GRPC_DEADLINE_MS);
  // The relay is created inside the host; the app wakes it through this late-bound hook.
  let notifyOutbox = () => {};
  const dependencies = { database, companies, customers, customerItemDrafts, postingRequestedEvent, notifyOutbox: () => notifyOutbox() };
  const app = new InvoicingApp(dependencies);
  const running = await startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [invoicingGrpcService(app, new PostingRunSupport(dependencies))],
    publishes: [eventTopics['invoicing.v1.InvoicePostingRequested']],
    consumers: [{ groupId: INVOICING_CONSUMER_GROUP, topics: INVOICING_CONSUMED_TOPICS, handler: postingOutcomeHandler(app) }],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
  notifyOutbox = running.notifyOutbox;
  return {
    ...running,
    async stop() {
      await running.stop();
      companies.close();
      customers.close();
      customerItemDrafts.close();
    },
  };
}

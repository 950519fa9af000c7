import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { CompanyDirectory } from './app/companies.js';
import type { CustomerContext } from './app/context.js';
import type { LedgerPort } from './app/ports.js';
import { SERVICE_NAME, type CustomerConfig } from './config.js';
import { createCustomerDatabase } from './db/client.js';
import { customerGrpcService } from './grpc/customer-grpc.js';
import { createLedgerClient, ledgerPort } from './grpc/ledger-client.js';
import { INVOICE_POSTED_CONSUMER_GROUP, invoicePostedConsumer } from './kafka/invoice-posted.js';

const OUTBOX_LOCK_KEY = 1004;

export interface CustomerServiceOptions {
  /** Consumer group on invoice.posted.v1; tests give each run its own. Default "customer". */
  consumerGroupId?: string;
}

/** Composition root of the customer service. */
export async function startCustomerService(
  config: CustomerConfig,
  logger: Logger,
  options: CustomerServiceOptions = {},
): Promise<RunningDataService> {
  const database = createCustomerDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  const ledgerClient = createLedgerClient(config.LEDGER_GRPC_ADDRESS, config.GRPC_DEADLINE_MS);
  const ledger: LedgerPort = ledgerPort(ledgerClient);
  let running: RunningDataService | undefined;
  const context: CustomerContext = {
    database,
    ledger,
    companies: new CompanyDirectory(ledger),
    notifyOutbox: () => running?.notifyOutbox(),
    logger,
  };
  try {
    running = await startDataService({
      serviceName: SERVICE_NAME,
      config,
      logger,
      database,
      grpcServices: [customerGrpcService(context)],
      publishes: [eventTopics['customer.v1.PaymentRecorded'], eventTopics['customer.v1.CustomerChanged']],
      consumers: [invoicePostedConsumer(context, options.consumerGroupId ?? INVOICE_POSTED_CONSUMER_GROUP)],
      outboxLockKey: OUTBOX_LOCK_KEY,
    });
  } catch (error) {
    ledgerClient.close();
    throw error;
  }
  const service = running;
  return {
    ...service,
    async stop() {
      await service.stop();
      ledgerClient.close();
    },
  };
}

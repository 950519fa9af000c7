import {
  batchV1,
  customerItemV1,
  customerV1,
  grpcHealthV1,
  invoicingV1,
  ledgerV1,
  postingV1,
} from '@ledgerline/contracts';
import { createGrpcClient, type PromiseClient } from '@ledgerline/grpc';
import type { GatewayConfig } from './config.js';

/** The gateway's gRPC clients, one per service, each call with the configured deadline. */
export interface ServiceClients {
  ledger: PromiseClient<ledgerV1.LedgerServiceClient>;
  invoicing: PromiseClient<invoicingV1.InvoicingServiceClient>;
  posting: PromiseClient<postingV1.PostingServiceClient>;
  customer: PromiseClient<customerV1.CustomerServiceClient>;
  customerItem: PromiseClient<customerItemV1.CustomerItemServiceClient>;
  batch: PromiseClient<batchV1.BatchServiceClient>;
  /** Health clients by service name, for the gateway's readiness. */
  health: Record<string, PromiseClient<grpcHealthV1.HealthClient>>;
  close(): void;
}

export function createServiceClients(config: GatewayConfig): ServiceClients {
  const deadlineMs = config.GRPC_DEADLINE_MS;
  const addresses = {
    ledger: config.LEDGER_GRPC_ADDRESS,
    invoicing: config.INVOICING_GRPC_ADDRESS,
    posting: config.POSTING_GRPC_ADDRESS,
    customer: config.CUSTOMER_GRPC_ADDRESS,
    'customer-item': config.CUSTOMER_ITEM_GRPC_ADDRESS,
    batch: config.BATCH_GRPC_ADDRESS,
  };
  const health = Object.fromEntries(
    Object.entries(addresses).map(([name, address]) => [
      name,
      createGrpcClient(grpcHealthV1.HealthClient, { address, deadlineMs }),
    ]),
  );
  const clients = {
    ledger: createGrpcClient(ledgerV1.LedgerServiceClient, { address: addresses.ledger, deadlineMs }),
    invoicing: createGrpcClient(invoicingV1.InvoicingServiceClient, { address: addresses.invoicing, deadlineMs }),
    posting: createGrpcClient(postingV1.PostingServiceClient, { address: addresses.posting, deadlineMs }),
    customer: createGrpcClient(customerV1.CustomerServiceClient, { address: addresses.customer, deadlineMs }),
    customerItem: createGrpcClient(customerItemV1.CustomerItemServiceClient, {
      address: addresses['customer-item'],
      deadlineMs,
    }),
    batch: createGrpcClient(batchV1.BatchServiceClient, { address: addresses.batch, deadlineMs }),
  };
  return {
    ...clients,
    health,
    close() {
      for (const client of [...Object.values(clients), ...Object.values(health)]) client.close();
    },
  };
}

import { commonV1, customerItemV1, customerV1, invoicingV1, ledgerV1 } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { loadInvoicingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startInvoicingService } from '../src/service.js';

/** Invoicing proposes customer-item drafts when a line of a customer-item product is entered (DESIGN 4.6). */
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const company = uniqueName('acme');
const logger = testLogger('invoicing-drafts-test');
const { DocumentType } = commonV1;

let database: TestDatabase;
let doubles: RunningGrpcServer;
let service: RunningDataService;
let client: ReturnType<typeof createGrpcClient<invoicingV1.InvoicingServiceClient>>;
const proposals: customerItemV1.ProposeDraftsRequest[] = [];
/** Proposals for these documents fail, as when the customer-item service is down. */
const unavailableFor = new Set<string>();

/** Ledger, customer and customer-item services as real gRPC servers. */
async function startDoubles(): Promise<RunningGrpcServer> {
  const accounts = ['1000', '2200', '4000', '4100'].map((account) => ({ account, name: account, type: 0, control: false }));
  return startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    services: [
      serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
        async getCompany(request) {
          return {
            company: ledgerV1.Company.fromPartial({
              companyId: request.companyId,
              homeCurrency: 'EUR',
              settings: { defaultCreditTermsId: 'NET30' },
              taxCodes: [{ code: 'STD', ratePercent: '20', payableAccount: '2200' }],
              creditTerms: [{ creditTermsId: 'NET30', netDays: 30 }],
            }),
          };
        },
        async listAccounts() {
          return { accounts, page: { nextCursor: '' } };
        },
      }),
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async getCustomer(request) {
          return { customer: customerV1.Customer.fromPartial({ customerId: request.customerId, currency: 'EUR' }) };
        },
      }),
      serviceRegistration<customerItemV1.CustomerItemServiceServer>('customeritem.v1.CustomerItemService', customerItemV1.CustomerItemServiceService, {
        async proposeDrafts(request) {
          if (unavailableFor.has(request.invoiceId)) throw new GrpcStatusError(GrpcStatus.UNAVAILABLE, 'customer-item is down');
          proposals.push(request);
          return { drafts: [] };
        },
      }),
    ],
  });
}

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'invoicing', MIGRATIONS_DIR);
  doubles = await startDoubles();
  doubles.health.setServing(true);
  const address = `127.0.0.1:${doubles.port}`;
  service = await startInvoicingService(
    loadInvoicingConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      GRPC_PORT: '0',
      LEDGER_GRPC_ADDRESS: address,
      CUSTOMER_GRPC_ADDRESS: address,
      CUSTOMER_ITEM_GRPC_ADDRESS: address,
      KAFKA_CONSUMER_GROUP_PREFIX: `${uniqueName('inv')}.`,
    }),
    logger,
  );
  client = createGrpcClient(invoicingV1.InvoicingServiceClient, { address: `127.0.0.1:${service.grpcPort}` });
  for (const [productId, createsCustomerItem] of [['PUMP', true], ['OIL', false]] as const) {
    await client.createProduct({ companyId: company, product: { productId, name: productId, revenueAccount: '4100', serialized: createsCustomerItem, createsCustomerItem } });
  }
});

afterAll(async () => {
  client?.close();
  await service?.stop();
  await doubles?.shutdown(100);
  await database?.drop();
});

beforeEach(() => {
  proposals.length = 0;
  unavailableFor.clear();
});

const pumps = (quantity: string, serialNumbers: string[]) =>
  invoicingV1.InvoiceLineInput.fromPartial({ description: 'Heat pump', quantity, unitPrice: '900.00', productId: 'PUMP', taxCode: 'STD', serialNumbers });
const oil = invoicingV1.InvoiceLineInput.fromPartial({ description: 'Oil', quantity: '2.5', unitPrice: '10.00', productId: 'OIL', taxCode: 'STD' });

async function createInvoice(invoiceId: string, lines: invoicingV1.InvoiceLineInput[], type = DocumentType.DOCUMENT_TYPE_SALES_ORDER) {
  const response = await client.createInvoice(
    invoicingV1.CreateInvoiceRequest.fromPartial({ companyId: company, invoiceId, type, customerId: 'C1', invoiceDate: '2026-11-02', lines }),
  );
  return response.result;
}

describe('proposing customer-item drafts', () => {
  it('proposes the lines of customer-item products with their quantities and serial numbers', async () => {
    const result = await createInvoice('inv-pumps', [oil, pumps('2', ['SN-1', 'SN-2'])]);
    expect(result?.$case).toBe('invoice');
    expect(proposals).toEqual([
      {
        companyId: company,
        invoiceId: 'inv-pumps',
        customerId: 'C1',
        lines: [{ lineNumber: 2, productId: 'PUMP', quantity: '2', serialNumbers: ['SN-1', 'SN-2'], description: 'Heat pump' }],
      },
    ]);
  });

  it('makes no call for documents without such lines, nor for credit memos', async () => {
    expect((await createInvoice('inv-oil', [oil]))?.$case).toBe('invoice');
    expect((await createInvoice('memo-pumps', [pumps('1', ['SN-1'])], DocumentType.DOCUMENT_TYPE_CREDIT_MEMO))?.$case).toBe('invoice');
    expect(proposals).toEqual([]);
  });

  it('writes no document when the proposal fails, and the retry creates it', async () => {
    unavailableFor.add('inv-retry');
    await expect(createInvoice('inv-retry', [pumps('1', ['SN-1'])])).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    await expect(client.getInvoice({ companyId: company, invoiceId: 'inv-retry' })).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
    unavailableFor.clear();
    expect((await createInvoice('inv-retry', [pumps('1', ['SN-1'])]))?.$case).toBe('invoice');
    expect(proposals.map((proposal) => proposal.invoiceId)).toEqual(['inv-retry']);
  });

  it('refuses a fractional quantity of a customer-item product before proposing anything', async () => {
    const result = await createInvoice('inv-half', [pumps('1.5', [])]);
    expect(result).toMatchObject({ $case: 'rejection', value: { errors: [{ code: 'VALIDATION_FAILED', fieldPath: 'lines[0].quantity' }] } });
    expect(proposals).toEqual([]);
  });
});

import { customerItemV1, customerV1, invoicingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { MoneyDecimal } from '@ledgerline/money';
import type { Logger } from '@ledgerline/telemetry';

/** A customer as the customer double answers GetCreditExposure; unknown ids are standard EUR customers without a limit. */
export interface CustomerFacts {
  currency?: string;
  creditLimit?: string;
  postedBalance?: string;
  cashSalesOnly?: boolean;
  /** Empty (the default) = the company's A/R account. */
  postingGroup?: string;
  /** Decimal; "0" (the default) = no document applied yet, empty = not known. */
  appliedTransactionNumber?: string;
}

/**
 * The services posting asks for blocker facts, as one real gRPC server: customer
 * (GetCreditExposure), customer-item (CountCustomerItemsForSelection) and invoicing
 * (GetUnpostedTotals). Tables are keyed by `${companyId}/${id}`; every request is recorded.
 */
export interface BlockerDoubles {
  server: RunningGrpcServer;
  address: string;
  customers: Map<string, CustomerFacts>;
  /** Customers the customer service does not know. */
  missingCustomers: Set<string>;
  /** Invoice -> drafts; documents absent here have none. */
  drafts: Map<string, { itemsToCreate: number; pendingReview: number }>;
  /** Customer -> its unposted documents in EUR, signed. */
  unposted: Map<string, { invoiceId: string; totalAmount: string }[]>;
  /** While true, CountCustomerItemsForSelection answers UNIMPLEMENTED, as before the service lands. */
  customerItemsUnimplemented: { value: boolean };
  exposureRequests: customerV1.GetCreditExposureRequest[];
  countRequests: customerItemV1.CountCustomerItemsForSelectionRequest[];
  unpostedRequests: invoicingV1.GetUnpostedTotalsRequest[];
}

export async function startBlockerDoubles(logger: Logger): Promise<BlockerDoubles> {
  const doubles: Omit<BlockerDoubles, 'server' | 'address'> = {
    customers: new Map(),
    missingCustomers: new Set(),
    drafts: new Map(),
    unposted: new Map(),
    customerItemsUnimplemented: { value: false },
    exposureRequests: [],
    countRequests: [],
    unpostedRequests: [],
  };
  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    services: [
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async getCreditExposure(request) {
          doubles.exposureRequests.push(request);
          const known = request.customerIds.filter((id) => !doubles.missingCustomers.has(`${request.companyId}/${id}`));
          return {
            exposures: known.map((customerId) => {
              const facts = doubles.customers.get(`${request.companyId}/${customerId}`) ?? {};
              return {
                customerId,
                currency: facts.currency ?? 'EUR',
                creditLimit: facts.creditLimit ?? '',
                postedBalance: facts.postedBalance ?? '0.00',
                paymentTerms:
                  facts.cashSalesOnly === true ? customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY : customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD,
                postingGroup: facts.postingGroup ?? '',
                appliedTransactionNumber: facts.appliedTransactionNumber ?? '0',
              };
            }),
            missingCustomerIds: request.customerIds.filter((id) => doubles.missingCustomers.has(`${request.companyId}/${id}`)),
          };
        },
      }),
      serviceRegistration<customerItemV1.CustomerItemServiceServer>(
        'customeritem.v1.CustomerItemService',
        customerItemV1.CustomerItemServiceService,
        {
          async countCustomerItemsForSelection(request) {
            doubles.countRequests.push(request);
            if (doubles.customerItemsUnimplemented.value) throw new GrpcStatusError(GrpcStatus.UNIMPLEMENTED, 'not implemented yet');
            const documents = request.invoiceIds.flatMap((invoiceId) => {
              const counts = doubles.drafts.get(`${request.companyId}/${invoiceId}`);
              return counts === undefined ? [] : [{ invoiceId, ...counts }];
            });
            return {
              totalItemsToCreate: documents.reduce((total, document) => total + document.itemsToCreate, 0),
              totalPendingReview: documents.reduce((total, document) => total + document.pendingReview, 0),
              documents,
            };
          },
        },
      ),
      serviceRegistration<invoicingV1.InvoicingServiceServer>('invoicing.v1.InvoicingService', invoicingV1.InvoicingServiceService, {
        async getUnpostedTotals(request) {
          doubles.unpostedRequests.push(request);
          return {
            totals: request.customerIds.flatMap((customerId) => {
              const counted = (doubles.unposted.get(`${request.companyId}/${customerId}`) ?? []).filter(
                (document) => !request.excludeInvoiceIds.includes(document.invoiceId),
              );
              if (counted.length === 0) return [];
              const total = counted.reduce((sum, document) => sum.plus(document.totalAmount), new MoneyDecimal(0));
              return [{ customerId, currency: 'EUR', totalAmount: total.toFixed(2), documentCount: counted.length }];
            }),
          };
        },
      }),
    ],
  });
  server.health.setServing(true);
  return { ...doubles, server, address: `127.0.0.1:${server.port}` };
}

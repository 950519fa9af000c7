import { customerItemV1, customerV1, invoicingV1, ledgerV1 } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, isServiceError } from '@ledgerline/grpc';
import { MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { BlockerSources } from '../app/blockers.js';
import { ServiceUnavailableError } from '../app/service-unavailable.js';

export interface BlockerSourceAddresses {
  /** host:port of each service's gRPC API. */
  ledger: string;
  customer: string;
  customerItem: string;
  invoicing: string;
  /** Deadline of each call. */
  deadlineMs: number;
}

/**
 * The blocker facts over gRPC: credit exposure and payment terms from the customer service,
 * draft counts from the customer-item service, unposted totals from invoicing, the company's
 * settings from the ledger. A service that is down, too slow or does not implement the call
 * yet raises ServiceUnavailableError, so the documents are retried rather than judged.
 */
export function createBlockerSources(addresses: BlockerSourceAddresses): Omit<BlockerSources, 'postedNotInBalance'> & { close(): void } {
  const options = (address: string) => ({ address, deadlineMs: addresses.deadlineMs });
  const ledger = createGrpcClient(ledgerV1.LedgerServiceClient, options(addresses.ledger));
  const customers = createGrpcClient(customerV1.CustomerServiceClient, options(addresses.customer));
  const customerItems = createGrpcClient(customerItemV1.CustomerItemServiceClient, options(addresses.customerItem));
  const invoicing = createGrpcClient(invoicingV1.InvoicingServiceClient, options(addresses.invoicing));
  return {
    async creditExposure(companyId, customerIds) {
      const response = await call('customer', 'GetCreditExposure', () =>
        customers.getCreditExposure({ companyId, customerIds: [...customerIds] }),
      );
      return {
        exposures: response.exposures.map((exposure) => ({
          customerId: exposure.customerId,
          currency: exposure.currency,
          creditLimit: exposure.creditLimit === '' ? undefined : decimal(exposure.creditLimit, 'customer', 'credit limit'),
          postedBalance: decimal(exposure.postedBalance, 'customer', 'posted balance'),
          cashSalesOnly: exposure.paymentTerms === customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY,
          postingGroup: exposure.postingGroup,
          appliedTransactionNumber: transactionNumberOf(exposure.appliedTransactionNumber),
        })),
        missingCustomerIds: response.missingCustomerIds,
      };
    },

    async countCustomerItems(companyId, invoiceIds) {
      const response = await call('customer-item', 'CountCustomerItemsForSelection', () =>
        customerItems.countCustomerItemsForSelection({ companyId, invoiceIds: [...invoiceIds] }),
      );
      return response.documents.map((document) => ({
        invoiceId: document.invoiceId,
        itemsToCreate: document.itemsToCreate,
        pendingReview: document.pendingReview,
      }));
    },

    async unpostedTotals(companyId, customerIds, excludeInvoiceIds) {
      const response = await call('invoicing', 'GetUnpostedTotals', () =>
        invoicing.getUnpostedTotals({ companyId, customerIds: [...customerIds], excludeInvoiceIds: [...excludeInvoiceIds] }),
      );
      return response.totals.map((total) => ({
        customerId: total.customerId,
        currency: total.currency,
        totalAmount: decimal(total.totalAmount, 'invoicing', 'unposted total'),
      }));
    },

    async companySettings(companyId) {
      try {
        const { company } = await call('ledger', 'GetCompany', () => ledger.getCompany({ companyId }));
        return company === undefined ? undefined : { requireCustomerItemConfirmation: company.settings?.requireCustomerItemConfirmation ?? false };
      } catch (error) {
        if (isServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
        throw error;
      }
    },

    close() {
      for (const client of [ledger, customers, customerItems, invoicing]) client.close();
    },
  };
}

/**
 * Statuses that mean "no answer for now". UNIMPLEMENTED belongs here: a service deployed before
 * the one that implements the call must hold postings back, not let them pass unchecked.
 */
const UNAVAILABLE_STATUSES = new Map<GrpcStatus, ServiceUnavailableError['kind']>([
  [GrpcStatus.UNAVAILABLE, 'UNAVAILABLE'],
  [GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED'],
  [GrpcStatus.UNIMPLEMENTED, 'UNIMPLEMENTED'],
]);

async function call<T>(service: string, method: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const kind = isServiceError(error) ? UNAVAILABLE_STATUSES.get(error.code) : undefined;
    if (kind !== undefined && isServiceError(error)) throw new ServiceUnavailableError(service, method, kind, error.details, { cause: error });
    throw error;
  }
}

/** A decimal a service sent; one that is not is a broken contract, not a business outcome. */
function decimal(text: string, service: string, what: string): Decimal {
  const value = new MoneyDecimal(text === '' ? 'NaN' : text);
  if (!value.isFinite()) throw new Error(`${service} sent ${what} ${JSON.stringify(text)}, not a decimal`);
  return value;
}

/** Transaction numbers are Postgres BIGINTs: at most 19 digits. */
const TRANSACTION_NUMBER_PATTERN = /^\d{1,19}$/;

/** GetCreditExposure's applied transaction number: empty = not known; anything else must be a whole number. */
function transactionNumberOf(text: string): bigint | undefined {
  if (text === '') return undefined;
  if (!TRANSACTION_NUMBER_PATTERN.test(text)) throw new Error(`customer answered applied transaction number "${text}", not a whole number`);
  return BigInt(text);
}

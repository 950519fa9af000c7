import { customerV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import type { CustomerContext } from '../app/context.js';
import { createCustomer, creditExposure, CREDIT_EXPOSURE_CUSTOMERS_MAX, getCustomer, getCustomerMasterData, updateCustomer } from '../app/customers.js';
import { InvalidCursorError, listOpenItems } from '../app/open-items.js';
import { recordPayment } from '../app/payments.js';
import { isIsoDate, todayUtc } from '@ledgerline/calendar';
import {
  paymentTermsFromWire,
  toWireCreditExposure,
  toWireCustomer,
  toWireCustomerMasterData,
  toWireOpenItem,
  toWirePayment,
  toWireRejection,
  updatedPaymentTermsFromWire,
} from './wire.js';

/** The customer.v1.CustomerService gRPC API: requests translated to use cases and back. */
export function customerGrpcService(context: CustomerContext) {
  return serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
    async createCustomer(request) {
      requireIds({ company_id: request.companyId, customer_id: request.customerId });
      const outcome = await createCustomer(context, {
        companyId: request.companyId,
        customerId: request.customerId,
        name: request.name,
        currency: request.currency,
        creditTermsId: request.creditTermsId,
        paymentTerms: paymentTermsFromWire(request.paymentTerms),
        creditLimit: request.creditLimit,
        batchCutoffDay: request.batchCutoffDay,
        postingGroup: request.postingGroup,
      });
      return {
        result: outcome.ok
          ? { $case: 'customer', value: toWireCustomer(outcome.value) }
          : { $case: 'rejection', value: toWireRejection(outcome.errors) },
      };
    },

    async getCustomer(request) {
      requireIds({ company_id: request.companyId, customer_id: request.customerId });
      if (request.masterDataOnly) {
        const customer = await getCustomerMasterData(context, request.companyId, request.customerId);
        if (customer === undefined) throw notFound(request.customerId);
        return { customer: toWireCustomerMasterData(customer) };
      }
      if (request.asOf !== '' && !isIsoDate(request.asOf)) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `as_of "${request.asOf}" is not a YYYY-MM-DD date`);
      }
      const customer = await getCustomer(context, request.companyId, request.customerId, request.asOf === '' ? todayUtc() : request.asOf);
      if (customer === undefined) throw notFound(request.customerId);
      return { customer: toWireCustomer(customer) };
    },

    async updateCustomer(request) {
      requireIds({ company_id: request.companyId, customer_id: request.customerId });
      const outcome = await updateCustomer(context, {
        companyId: request.companyId,
        customerId: request.customerId,
        name: request.name,
        creditTermsId: request.creditTermsId,
        paymentTerms: request.paymentTerms === undefined ? undefined : updatedPaymentTermsFromWire(request.paymentTerms),
        creditLimit: request.creditLimit,
        batchCutoffDay: request.batchCutoffDay,
      });
      return {
        result: outcome.ok
          ? { $case: 'customer', value: toWireCustomer(outcome.value) }
          : { $case: 'rejection', value: toWireRejection(outcome.errors) },
      };
    },

    async listOpenItems(request) {
      requireIds({ company_id: request.companyId, customer_id: request.customerId });
      try {
        const page = await listOpenItems(context, {
          companyId: request.companyId,
          customerId: request.customerId,
          includeSettled: request.includeSettled,
          pageSize: request.page?.pageSize ?? 0,
          cursor: request.page?.cursor ?? '',
        });
        if (page === undefined) throw notFound(request.customerId);
        return { items: page.items.map(toWireOpenItem), page: { nextCursor: page.nextCursor } };
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
        throw error;
      }
    },

    async recordPayment(request) {
      requireIds({ company_id: request.companyId, payment_id: request.paymentId, customer_id: request.customerId });
      const outcome = await recordPayment(context, {
        companyId: request.companyId,
        customerId: request.customerId,
        draft: {
          paymentId: request.paymentId,
          amount: request.amount,
          currency: request.currency,
          paidDate: request.paidDate,
          reference: request.reference,
          applications: request.applications.map((application) => ({ documentId: application.documentId, amount: application.amount })),
        },
      });
      return {
        result: outcome.ok
          ? { $case: 'payment', value: toWirePayment(outcome.value) }
          : { $case: 'rejection', value: toWireRejection(outcome.errors) },
      };
    },

    async getCreditExposure(request) {
      requireIds({ company_id: request.companyId });
      if (request.customerIds.length > CREDIT_EXPOSURE_CUSTOMERS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `at most ${CREDIT_EXPOSURE_CUSTOMERS_MAX} customer_ids per call`);
      }
      const view = await creditExposure(context, request.companyId, request.customerIds);
      return { exposures: view.exposures.map(toWireCreditExposure), missingCustomerIds: view.missingCustomerIds };
    },
  });
}

/** A request without the ids that scope it cannot be interpreted at all (common/v1/types.proto). */
function requireIds(ids: Record<string, string>): void {
  const missing = Object.entries(ids).filter(([, value]) => value === '').map(([name]) => name);
  if (missing.length > 0) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `${missing.join(', ')} required`);
}

function notFound(customerId: string): GrpcStatusError {
  return new GrpcStatusError(GrpcStatus.NOT_FOUND, `customer ${customerId} not found`);
}

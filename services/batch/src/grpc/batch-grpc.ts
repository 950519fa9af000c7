import { batchV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import { correctArTransactionDates, getArTransaction } from '../app/ar-transactions.js';
import {
  addBatchCustomers,
  addBatchDocuments,
  createBatch,
  deleteBatch,
  generateBatch,
  getBatch,
  InvalidCursorError,
  listBatches,
  printBatch,
  removeBatchCustomer,
  removeBatchDocument,
  updateBatch,
} from '../app/batches.js';
import type { BatchContext } from '../app/context.js';
import { batchReport } from '../app/report.js';
import type { BatchRecord } from '../db/batches.js';
import type { Outcome } from '../domain/errors.js';
import { statusFromWire, toWireArTransaction, toWireBatch, toWireCustomerReport, toWireRejection } from './wire.js';

type BatchResult = { $case: 'batch'; value: batchV1.Batch } | { $case: 'rejection'; value: ReturnType<typeof toWireRejection> };

function batchResult(outcome: Outcome<BatchRecord>): { result: BatchResult } {
  return {
    result: outcome.ok ? { $case: 'batch', value: toWireBatch(outcome.value) } : { $case: 'rejection', value: toWireRejection(outcome.errors) },
  };
}

/** The batch.v1.BatchService gRPC API: requests translated to use cases and back. */
export function batchGrpcService(context: BatchContext) {
  return serviceRegistration<batchV1.BatchServiceServer>('batch.v1.BatchService', batchV1.BatchServiceService, {
    async generateBatch(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(
        await generateBatch(context, request, {
          closeDate: request.closeDate,
          dummy: request.dummy,
          includeCustomerIds: request.includeCustomerIds,
          includeDocumentIds: request.includeDocumentIds,
          onlyCustomerIds: request.onlyCustomerIds,
        }),
      );
    },

    async createBatch(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(await createBatch(context, request, { closeDate: request.closeDate, dummy: request.dummy }));
    },

    async updateBatch(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(await updateBatch(context, request, request.closeDate));
    },

    async deleteBatch(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(await deleteBatch(context, request));
    },

    async getBatch(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      const batch = await getBatch(context, request);
      if (batch === undefined) throw batchNotFound(request.batchId);
      return { batch: toWireBatch(batch) };
    },

    async listBatches(request) {
      requireIds({ company_id: request.companyId });
      const status = statusFromWire(request.status);
      if (status === 'UNKNOWN') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `status ${request.status} is not a batch status`);
      const page = await withCursor(() =>
        listBatches(context, { companyId: request.companyId, status, pageSize: request.page?.pageSize ?? 0, cursor: request.page?.cursor ?? '' }),
      );
      return { batches: page.batches.map(toWireBatch), page: { nextCursor: page.nextCursor } };
    },

    async addBatchCustomers(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(await addBatchCustomers(context, request, request.customerIds));
    },

    async removeBatchCustomer(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId, customer_id: request.customerId });
      return batchResult(await removeBatchCustomer(context, request, request.customerId));
    },

    async addBatchDocuments(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(await addBatchDocuments(context, request, request.documentIds));
    },

    async removeBatchDocument(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId, document_id: request.documentId });
      return batchResult(await removeBatchDocument(context, request, request.documentId));
    },

    async getBatchReport(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      const report = await withCursor(() =>
        batchReport(context, request, { customerId: request.customerId, pageSize: request.page?.pageSize ?? 0, cursor: request.page?.cursor ?? '' }),
      );
      if (report === undefined) throw batchNotFound(request.batchId);
      return { batch: toWireBatch(report.batch), customers: report.customers.map(toWireCustomerReport), page: { nextCursor: report.nextCursor } };
    },

    async printBatch(request) {
      requireIds({ company_id: request.companyId, batch_id: request.batchId });
      return batchResult(await printBatch(context, request));
    },

    async getArTransaction(request) {
      requireIds({ company_id: request.companyId, transaction_id: request.transactionId });
      const transaction = await getArTransaction(context, request.companyId, request.transactionId);
      if (transaction === undefined) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `A/R posted transaction ${request.transactionId} not found`);
      return { transaction: toWireArTransaction(transaction) };
    },

    async correctArTransactionDates(request) {
      requireIds({ company_id: request.companyId, transaction_id: request.transactionId });
      const outcome = await correctArTransactionDates(context, request.companyId, request.transactionId, request);
      return {
        result: outcome.ok
          ? { $case: 'transaction', value: toWireArTransaction(outcome.value) }
          : { $case: 'rejection', value: toWireRejection(outcome.errors) },
      };
    },
  });
}

async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
    throw error;
  }
}

function requireIds(ids: Record<string, string>): void {
  const missing = Object.entries(ids).filter(([, value]) => value === '').map(([name]) => name);
  if (missing.length > 0) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `${missing.join(', ')} required`);
}

function batchNotFound(batchId: string): GrpcStatusError {
  return new GrpcStatusError(GrpcStatus.NOT_FOUND, `batch ${batchId} not found`);
}

import { applyDateChanges, findArTransaction, type ArTransactionRecord } from '../db/ar-transactions.js';
import { dateChanges, type DateCorrectionRequest } from '../domain/corrections.js';
import { accepted, ErrorCode, rejected, type Outcome } from '../domain/errors.js';
import { inTransaction, type BatchContext } from './context.js';

export function getArTransaction(context: BatchContext, companyId: string, transactionId: string): Promise<ArTransactionRecord | undefined> {
  return findArTransaction(context.database.store.direct, companyId, transactionId, false);
}

/**
 * Corrects the invoice and due date of a posted document, or the paid date of a payment [001],
 * under the transaction's row lock, writing each change to the audit trail. Generation and
 * printing use the corrected dates from then on; documents stay in the batch they are in.
 */
export function correctArTransactionDates(
  context: BatchContext,
  companyId: string,
  transactionId: string,
  request: DateCorrectionRequest,
): Promise<Outcome<ArTransactionRecord>> {
  return inTransaction(context, async (sql) => {
    const current = await findArTransaction(sql, companyId, transactionId, true);
    if (current === undefined) {
      return rejected([{ code: ErrorCode.NOT_FOUND, message: `no A/R posted transaction ${transactionId}`, fieldPath: '' }]);
    }
    const dates =
      current.kind === 'DOCUMENT'
        ? { kind: 'DOCUMENT' as const, invoiceDate: current.document.invoiceDate, dueDate: current.document.dueDate }
        : { kind: 'PAYMENT' as const, paidDate: current.payment.paidDate };
    const { changes, errors } = dateChanges(dates, request);
    if (errors.length > 0) return rejected(errors);
    if (changes.length === 0) return accepted(current);
    await applyDateChanges(sql, { companyId, transactionId, kind: current.kind }, changes, request);
    const corrected = await findArTransaction(sql, companyId, transactionId, false);
    if (corrected === undefined) throw new Error(`A/R posted transaction ${transactionId} vanished during its correction`);
    return accepted(corrected);
  });
}

import { prismaSql } from '@ledgerline/db';
import { enqueueEvents } from '@ledgerline/kafka';
import { sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { receivableAccountOf } from '../domain/company.js';
import { applyExplicitly, applyOldestFirst } from '../domain/application.js';
import { ErrorCode, accepted, rejected, type Outcome } from '../domain/errors.js';
import { repeatsRecordedPayment, validatePayment, type PaymentDraft, type ValidPayment } from '../domain/payment.js';
import { changeBalances, findCustomer, lockCustomers } from '../db/customers.js';
import { openDebits } from '../db/open-items.js';
import { findPayment, insertPayments, type PaymentRecord } from '../db/payments.js';
import { customerKey } from '../db/rows.js';
import { paymentRecordedEvent } from '../kafka/payment-recorded.js';
import type { CustomerContext } from './context.js';
import { buildPaymentJournal } from './journal.js';
import type { PaymentView } from './payment-view.js';
import { saveApplications } from './settlement.js';

/**
 * Records a payment, idempotently by (company, payment id).
 *
 * The ledger entry comes first: a refusal there (closed period, missing rate) is this call's
 * refusal and nothing is stored. The ledger posts each source once, so a crash between the
 * ledger call and the commit below is repaired by retrying: the retry gets the first entry back.
 * Then one transaction stores the payment, lowers the balance, applies the payment (to the
 * documents named, else oldest due date first) and enqueues PaymentRecorded.
 */
export async function recordPayment(
  context: CustomerContext,
  input: { companyId: string; customerId: string; draft: PaymentDraft },
): Promise<Outcome<PaymentView>> {
  const { companyId, customerId, draft } = input;
  const { prisma, store } = context.database;
  const existing = await findPayment(prisma, companyId, draft.paymentId);
  if (existing !== undefined) return repeatOf(existing, draft, customerId);
  const customer = await findCustomer(prisma, companyId, customerId);
  if (customer === undefined) {
    return rejected([{ code: ErrorCode.NOT_FOUND, message: `customer ${customerId} does not exist`, fieldPath: 'customerId' }]);
  }
  const openRemaining =
    draft.applications.length === 0
      ? new Map<string, Decimal>()
      : new Map((await openDebits(prismaSql(prisma), companyId, customerId)).map((debit) => [debit.documentId, debit.remaining]));
  const validated = validatePayment(draft, customer.currency, openRemaining);
  if (!validated.ok) return rejected(validated.errors);
  const payment = validated.value;
  // Read fresh, not from the directory's cache: a posting profile set a moment ago applies to the
  // very next payment, as it does to the very next posting, which reads the profiles every batch.
  const company = await context.ledger.getCompany(companyId);
  if (company === undefined) {
    return rejected([{ code: ErrorCode.NOT_FOUND, message: `company ${companyId} does not exist`, fieldPath: 'companyId' }]);
  }
  const journal = await buildPaymentJournal(context.ledger, company, {
    ...payment,
    customerId,
    receivableAccount: receivableAccountOf(company, customer.postingGroup),
  });
  if (!journal.ok) return rejected(journal.errors);
  const [posted] = await context.ledger.postJournals(companyId, [journal.journal]);
  if (posted === undefined) throw new Error(`ledger answered no result for payment ${payment.paymentId}`);
  if (!posted.ok) return rejected(posted.errors);

  const recorded = await store.transaction(async (tx) => {
    const sql = prismaSql(tx);
    await lockCustomers(sql, [{ companyId, customerId }]);
    const inserted = await insertPayments(sql, [
      { ...payment, companyId, customerId, requestedApplications: payment.applications, ledgerEntryId: posted.entryId },
    ]);
    const recordedAt = inserted.get(customerKey(companyId, payment.paymentId));
    // A concurrent request with the same payment id committed first; this one is its repeat.
    if (recordedAt === undefined) return undefined;
    await changeBalances(sql, [{ companyId, customerId, delta: payment.amount.negated(), documentDate: undefined, transactionNumber: undefined }]);
    const view = await applyNewPayment(sql, { companyId, customerId, payment, ledgerEntryId: posted.entryId, recordedAt });
    await enqueueEvents(sql, [paymentRecordedEvent(view)]);
    return view;
  });
  if (recorded === undefined) {
    const winner = await findPayment(prisma, companyId, payment.paymentId);
    if (winner === undefined) throw new Error(`payment ${payment.paymentId} vanished after a conflicting insert`);
    return repeatOf(winner, draft, customerId);
  }
  context.notifyOutbox();
  return accepted(recorded);
}

async function applyNewPayment(
  sql: ReturnType<typeof prismaSql>,
  input: { companyId: string; customerId: string; payment: ValidPayment; ledgerEntryId: string; recordedAt: Date },
): Promise<PaymentView> {
  const { companyId, customerId, payment } = input;
  const debits = await openDebits(sql, companyId, customerId);
  const credit = { type: 'PAYMENT' as const, id: payment.paymentId, date: payment.paidDate, available: payment.amount };
  const result =
    payment.applications.length > 0 ? applyExplicitly(credit, payment.applications, debits) : applyOldestFirst([credit], debits);
  await saveApplications(sql, [{ companyId, customerId, result, atRecording: true }]);
  const left = result.credits.find((changed) => changed.id === payment.paymentId)?.available ?? payment.amount;
  return {
    companyId,
    paymentId: payment.paymentId,
    customerId,
    amount: payment.amount,
    currency: payment.currency,
    paidDate: payment.paidDate,
    reference: payment.reference,
    applications: result.applications.map((application) => ({ documentId: application.documentId, amount: application.amount })),
    unappliedAmount: left,
    ledgerEntryId: input.ledgerEntryId,
    recordedAt: input.recordedAt,
  };
}

/** A repeat gets the first answer: the payment with the applications made when it was recorded. */
function repeatOf(existing: PaymentRecord, draft: PaymentDraft, customerId: string): Outcome<PaymentView> {
  if (!repeatsRecordedPayment(draft, customerId, { ...existing, applications: existing.requestedApplications })) {
    return rejected([
      {
        code: ErrorCode.CONFLICT,
        message: `payment ${draft.paymentId} was recorded with other content; a repeat must carry the same content`,
        fieldPath: 'paymentId',
      },
    ]);
  }
  const applied = sum(existing.applicationsAtRecording.map((application) => application.amount));
  return accepted({
    companyId: existing.companyId,
    paymentId: existing.paymentId,
    customerId: existing.customerId,
    amount: existing.amount,
    currency: existing.currency,
    paidDate: existing.paidDate,
    reference: existing.reference,
    applications: existing.applicationsAtRecording,
    unappliedAmount: existing.amount.minus(applied),
    ledgerEntryId: existing.ledgerEntryId,
    recordedAt: existing.recordedAt,
  });
}

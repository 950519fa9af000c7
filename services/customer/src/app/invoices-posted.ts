import { prismaSql, type SqlExecutor } from '@ledgerline/db';
import { enqueueEvents } from '@ledgerline/kafka';
import { sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  applyExplicitly,
  applyOldestFirst,
  creditKey,
  type ApplicationResult,
  type CreditBalance,
  type DebitBalance,
} from '../domain/application.js';
import { laterDate } from '../domain/dates.js';
import { documentEffect, type DocumentEffect, type PostedDocument } from '../domain/posted-document.js';
import { addSales, changeBalances, lockCustomers, type BalanceChange, type SalesChange } from '../db/customers.js';
import type { CustomerTransaction } from '../db/client.js';
import { documentKey, insertOpenItems } from '../db/open-items.js';
import { insertPayments, openBalancesToApply, type NewPayment } from '../db/payments.js';
import { customerKey } from '../db/rows.js';
import { paymentRecordedEvent } from '../kafka/payment-recorded.js';
import type { CustomerContext } from './context.js';
import type { PaymentView } from './payment-view.js';
import { saveApplications, type CustomerApplication } from './settlement.js';

/**
 * Applies a batch of posted documents (InvoicePosted) in the caller's transaction, with a fixed
 * number of set-based statements whatever the batch size:
 * - one open item per document; a document that has one already changes nothing more, so a
 *   replay under a new event id cannot count twice;
 * - posted balance += total (credit memo −=), last invoice date = the latest; sales per fiscal
 *   period += net (credit memo −=);
 * - post-and-pay: the payment, posted to the ledger with its document, is recorded and applied to
 *   its document first;
 * - then every customer's unapplied credits (payments oldest first, then open credit memos)
 *   are applied to its open documents, oldest due date first.
 * Documents of customers this service does not know are skipped with a warning: there is
 * nothing to attach them to, and retrying would not change that.
 */
export async function applyPostedDocuments(
  context: CustomerContext,
  documents: readonly PostedDocument[],
  tx: CustomerTransaction,
): Promise<void> {
  const sql = prismaSql(tx);
  const unique = [...new Map(documents.map((document) => [documentKey(document.companyId, document.documentId), document])).values()];
  const customers = await lockCustomers(sql, distinctCustomers(unique));
  const effects: DocumentEffect[] = [];
  for (const document of unique) {
    const customer = customers.get(customerKey(document.companyId, document.customerId));
    if (customer === undefined) {
      context.logger.warn(
        { companyId: document.companyId, customerId: document.customerId, documentId: document.documentId },
        'posted document of an unknown customer skipped',
      );
      continue;
    }
    effects.push(documentEffect(document, customer.currency));
  }
  const inserted = await insertOpenItems(sql, effects);
  const fresh = effects.filter((effect) => inserted.has(documentKey(effect.companyId, effect.documentId)));
  if (fresh.length === 0) return;

  const payments = await recordPostedPayments(sql, fresh);
  await changeBalances(sql, balanceChanges(fresh, payments));
  await addSales(sql, salesChanges(fresh));

  const balances = await openBalancesToApply(sql, distinctCustomers(fresh));
  const applications: CustomerApplication[] = [];
  const appliedToPayments = new Map<string, { documentId: string; amount: Decimal }[]>();
  for (const [key, open] of balances) {
    const [companyId = '', customerId = ''] = key.split('\u0000');
    let credits = open.credits;
    let debits = open.debits;
    for (const payment of payments.filter((candidate) => candidate.companyId === companyId && candidate.customerId === customerId)) {
      const credit = credits.find((candidate) => candidate.type === 'PAYMENT' && candidate.id === payment.paymentId);
      if (credit === undefined) continue;
      const result = applyExplicitly(credit, [{ documentId: payment.documentId, amount: credit.available }], debits);
      applications.push({ companyId, customerId, result, atRecording: true });
      appliedToPayments.set(payment.paymentId, result.applications.map(({ documentId, amount }) => ({ documentId, amount })));
      ({ credits, debits } = afterApplying(credits, debits, result));
    }
    const result = applyOldestFirst(credits, debits);
    if (result.applications.length > 0) applications.push({ companyId, customerId, result, atRecording: false });
  }
  await saveApplications(sql, applications);
  if (payments.length > 0) {
    await enqueueEvents(
      sql,
      payments.map((payment) => {
        const applied = appliedToPayments.get(payment.paymentId) ?? [];
        return paymentRecordedEvent({
          ...payment,
          applications: applied,
          unappliedAmount: payment.amount.minus(sum(applied.map((application) => application.amount))),
        });
      }),
    );
    context.notifyOutbox();
  }
}

interface PostedPaymentRecord extends Omit<PaymentView, 'applications' | 'unappliedAmount'> {
  /** The document it was taken for. */
  documentId: string;
}

/**
 * Post-and-pay payments of documents applied now, not recorded before. Posting posted each one
 * with its document, in one ledger transaction, so it is recorded with that entry and can no
 * longer be refused.
 */
async function recordPostedPayments(sql: SqlExecutor, fresh: readonly DocumentEffect[]): Promise<PostedPaymentRecord[]> {
  const toInsert = fresh.flatMap((effect): (NewPayment & { documentId: string })[] => {
    const payment = effect.payment;
    if (payment === undefined) return [];
    return [
      {
        companyId: effect.companyId,
        paymentId: payment.paymentId,
        customerId: effect.customerId,
        amount: payment.amount,
        currency: effect.currency,
        paidDate: payment.paidDate,
        reference: payment.reference,
        requestedApplications: [{ documentId: effect.documentId, amount: payment.amount }],
        ledgerEntryId: payment.ledgerEntryId,
        documentId: effect.documentId,
      },
    ];
  });
  if (toInsert.length === 0) return [];
  const recordedAt = await insertPayments(sql, toInsert);
  return toInsert.map((payment) => {
    const at = recordedAt.get(customerKey(payment.companyId, payment.paymentId));
    // The ledger refuses a payment id another entry holds, and this is the document's first
    // application, so a payment of that id recorded already means the two services disagree.
    if (at === undefined) throw new Error(`post-and-pay payment ${payment.paymentId} of ${payment.documentId} is recorded already`);
    return { ...payment, recordedAt: at };
  });
}

function balanceChanges(fresh: readonly DocumentEffect[], payments: readonly PostedPaymentRecord[]): BalanceChange[] {
  const changes = new Map<string, BalanceChange>();
  const change = (companyId: string, customerId: string) => {
    const key = customerKey(companyId, customerId);
    let entry = changes.get(key);
    if (entry === undefined) {
      entry = { companyId, customerId, delta: sum([]), documentDate: undefined, transactionNumber: undefined };
      changes.set(key, entry);
    }
    return entry;
  };
  for (const effect of fresh) {
    const entry = change(effect.companyId, effect.customerId);
    entry.delta = entry.delta.plus(effect.amount);
    entry.documentDate = laterDate(entry.documentDate, effect.documentDate);
    if (entry.transactionNumber === undefined || effect.transactionNumber > entry.transactionNumber) entry.transactionNumber = effect.transactionNumber;
  }
  for (const payment of payments) {
    const entry = change(payment.companyId, payment.customerId);
    entry.delta = entry.delta.minus(payment.amount);
  }
  return [...changes.values()];
}

function salesChanges(fresh: readonly DocumentEffect[]): SalesChange[] {
  const changes = new Map<string, SalesChange>();
  for (const effect of fresh) {
    const key = `${customerKey(effect.companyId, effect.customerId)}\u0000${effect.period}`;
    const entry = changes.get(key);
    if (entry === undefined) {
      changes.set(key, {
        companyId: effect.companyId,
        customerId: effect.customerId,
        period: effect.period,
        fiscalYearStart: effect.fiscalYearStart,
        netAmount: effect.netAmount,
      });
    } else {
      entry.netAmount = entry.netAmount.plus(effect.netAmount);
    }
  }
  return [...changes.values()];
}

function afterApplying(
  credits: readonly CreditBalance[],
  debits: readonly DebitBalance[],
  result: ApplicationResult,
): { credits: CreditBalance[]; debits: DebitBalance[] } {
  const changedCredits = new Map(result.credits.map((credit) => [creditKey(credit), credit]));
  const changedDebits = new Map(result.debits.map((debit) => [debit.documentId, debit]));
  return {
    credits: credits.map((credit) => changedCredits.get(creditKey(credit)) ?? credit),
    debits: debits.map((debit) => changedDebits.get(debit.documentId) ?? debit),
  };
}

function distinctCustomers(items: readonly { companyId: string; customerId: string }[]): { companyId: string; customerId: string }[] {
  const keys = new Map(
    items.map((item) => [customerKey(item.companyId, item.customerId), { companyId: item.companyId, customerId: item.customerId }]),
  );
  return [...keys.values()];
}

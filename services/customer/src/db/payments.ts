import type { SqlExecutor } from '@ledgerline/db';
import type { Decimal } from 'decimal.js';
import type { Application, CreditBalance, DebitBalance } from '../domain/application.js';
import type { RequestedApplication } from '../domain/payment.js';
import type { CustomerDatabase, CustomerTransaction } from './client.js';
import { customerKey, dateText, decimalOf } from './rows.js';

export interface PaymentRecord {
  companyId: string;
  paymentId: string;
  customerId: string;
  amount: Decimal;
  currency: string;
  paidDate: string;
  reference: string;
  /** The applications the request named (empty: oldest first was asked for). */
  requestedApplications: RequestedApplication[];
  unappliedAmount: Decimal;
  ledgerEntryId: string;
  recordedAt: Date;
  /** Applications made when the payment was recorded: its first answer. */
  applicationsAtRecording: { documentId: string; amount: Decimal }[];
}

export async function findPayment(
  tx: CustomerTransaction | CustomerDatabase['prisma'],
  companyId: string,
  paymentId: string,
): Promise<PaymentRecord | undefined> {
  const row = await tx.payment.findUnique({ where: { companyId_paymentId: { companyId, paymentId } } });
  if (row === null) return undefined;
  const applications = await tx.application.findMany({
    where: { companyId, creditType: 'PAYMENT', creditId: paymentId, atRecording: true },
    orderBy: { id: 'asc' },
  });
  const requested = row.requestedApplications as { documentId: string; amount: string }[];
  return {
    companyId: row.companyId,
    paymentId: row.paymentId,
    customerId: row.customerId,
    amount: decimalOf(row.amount),
    currency: row.currency,
    paidDate: dateText(row.paidDate),
    reference: row.reference,
    requestedApplications: requested.map((application) => ({
      documentId: application.documentId,
      amount: decimalOf(application.amount),
    })),
    unappliedAmount: decimalOf(row.unappliedAmount),
    ledgerEntryId: row.ledgerEntryId,
    recordedAt: row.recordedAt,
    applicationsAtRecording: applications.map((application) => ({ documentId: application.documentId, amount: decimalOf(application.amount) })),
  };
}

export interface NewPayment {
  companyId: string;
  paymentId: string;
  customerId: string;
  amount: Decimal;
  currency: string;
  paidDate: string;
  reference: string;
  requestedApplications: readonly RequestedApplication[];
  ledgerEntryId: string;
}

/** Inserts payments whose id is new, fully unapplied; returns when each payment inserted now was recorded. */
export async function insertPayments(sql: SqlExecutor, payments: readonly NewPayment[]): Promise<Map<string, Date>> {
  if (payments.length === 0) return new Map();
  const rows = await sql.query<{ company_id: string; payment_id: string; recorded_at: string }>(
    `INSERT INTO payment (company_id, payment_id, customer_id, amount, currency, paid_date, reference,
                          requested_applications, unapplied_amount, ledger_entry_id)
     SELECT p.company_id, p.payment_id, p.customer_id, p.amount::numeric, p.currency, p.paid_date::date, p.reference,
            p.requested::jsonb, p.amount::numeric, p.ledger_entry_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            AS p(company_id, payment_id, customer_id, amount, currency, paid_date, reference, requested, ledger_entry_id)
     ON CONFLICT (company_id, payment_id) DO NOTHING
     RETURNING company_id, payment_id, to_json(recorded_at) #>> '{}' AS recorded_at`,
    [
      payments.map((payment) => payment.companyId),
      payments.map((payment) => payment.paymentId),
      payments.map((payment) => payment.customerId),
      payments.map((payment) => payment.amount.toFixed()),
      payments.map((payment) => payment.currency),
      payments.map((payment) => payment.paidDate),
      payments.map((payment) => payment.reference),
      payments.map((payment) =>
        JSON.stringify(payment.requestedApplications.map((application) => ({ documentId: application.documentId, amount: application.amount.toFixed() }))),
      ),
      payments.map((payment) => payment.ledgerEntryId),
    ],
  );
  return new Map(rows.map((row) => [customerKey(row.company_id, row.payment_id), new Date(row.recorded_at)]));
}

export async function setUnapplied(
  sql: SqlExecutor,
  changes: readonly { companyId: string; paymentId: string; unapplied: Decimal }[],
): Promise<void> {
  if (changes.length === 0) return;
  await sql.execute(
    `UPDATE payment p SET unapplied_amount = c.unapplied::numeric
       FROM unnest($1::text[], $2::text[], $3::text[]) AS c(company_id, payment_id, unapplied)
      WHERE p.company_id = c.company_id AND p.payment_id = c.payment_id`,
    [changes.map((change) => change.companyId), changes.map((change) => change.paymentId), changes.map((change) => change.unapplied.toFixed())],
  );
}

export interface ApplicationRow extends Application {
  companyId: string;
  customerId: string;
  atRecording: boolean;
}

export async function insertApplications(sql: SqlExecutor, rows: readonly ApplicationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.execute(
    `INSERT INTO application (company_id, customer_id, credit_type, credit_id, document_id, amount, at_recording)
     SELECT a.company_id, a.customer_id, a.credit_type::credit_type, a.credit_id, a.document_id, a.amount::numeric, a.at_recording
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
            AS a(company_id, customer_id, credit_type, credit_id, document_id, amount, at_recording)`,
    [
      rows.map((row) => row.companyId),
      rows.map((row) => row.customerId),
      rows.map((row) => row.creditType),
      rows.map((row) => row.creditId),
      rows.map((row) => row.documentId),
      rows.map((row) => row.amount.toFixed()),
      rows.map((row) => row.atRecording),
    ],
  );
}

/** Every application of a payment so far, oldest first. */
export async function applicationsOfPayment(
  tx: CustomerTransaction,
  companyId: string,
  paymentId: string,
): Promise<{ documentId: string; amount: Decimal }[]> {
  const rows = await tx.application.findMany({ where: { companyId, creditType: 'PAYMENT', creditId: paymentId }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({ documentId: row.documentId, amount: decimalOf(row.amount) }));
}

export interface OpenBalances {
  credits: CreditBalance[];
  debits: DebitBalance[];
}

/**
 * In one query, for each given customer that has something to apply (a payment with an
 * unapplied rest or a credit memo still open): its credits and its open debits. Customers with
 * nothing to apply, the common case on the posting path, cost one index probe each.
 */
export async function openBalancesToApply(
  sql: SqlExecutor,
  keys: readonly { companyId: string; customerId: string }[],
): Promise<Map<string, OpenBalances>> {
  const result = new Map<string, OpenBalances>();
  if (keys.length === 0) return result;
  const rows = await sql.query<{ kind: string; company_id: string; customer_id: string; id: string; date: string; due_date: string; amount: string }>(
    `WITH wanted AS (
       SELECT DISTINCT k.company_id, k.customer_id FROM unnest($1::text[], $2::text[]) AS k(company_id, customer_id)
     ), holders AS (
       SELECT w.company_id, w.customer_id FROM wanted w
        WHERE EXISTS (SELECT 1 FROM payment p WHERE p.company_id = w.company_id AND p.customer_id = w.customer_id
                         AND p.unapplied_amount > 0)
           OR EXISTS (SELECT 1 FROM open_item o WHERE o.company_id = w.company_id AND o.customer_id = w.customer_id
                         AND o.remaining <> 0 AND o.remaining < 0)
     )
     SELECT 'PAYMENT' AS kind, p.company_id, p.customer_id, p.payment_id AS id, p.paid_date::text AS date,
            p.paid_date::text AS due_date, p.unapplied_amount::text AS amount
       FROM payment p JOIN holders h ON p.company_id = h.company_id AND p.customer_id = h.customer_id
      WHERE p.unapplied_amount > 0
     UNION ALL
     SELECT 'ITEM', o.company_id, o.customer_id, o.document_id, o.document_date::text, o.due_date::text, o.remaining::text
       FROM open_item o JOIN holders h ON o.company_id = h.company_id AND o.customer_id = h.customer_id
      WHERE o.remaining <> 0`,
    [keys.map((key) => key.companyId), keys.map((key) => key.customerId)],
  );
  for (const row of rows) {
    const key = customerKey(row.company_id, row.customer_id);
    let balances = result.get(key);
    if (balances === undefined) {
      balances = { credits: [], debits: [] };
      result.set(key, balances);
    }
    const amount = decimalOf(row.amount);
    if (row.kind === 'PAYMENT') balances.credits.push({ type: 'PAYMENT', id: row.id, date: row.date, available: amount });
    else if (amount.isNegative()) balances.credits.push({ type: 'CREDIT_MEMO', id: row.id, date: row.date, available: amount.negated() });
    else balances.debits.push({ documentId: row.id, dueDate: row.due_date, remaining: amount });
  }
  return result;
}

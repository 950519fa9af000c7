import type { Decimal } from 'decimal.js';

/**
 * Settling open items. A credit is something the customer has paid or been credited and not
 * yet used: a payment's unapplied part or a credit memo's open remaining (kept positive here).
 * A debit is an invoice's or debit memo's open remaining. Applying moves an amount from one to
 * the other; neither side ever goes below zero, so open items + credits stay what they were.
 */
export type CreditType = 'PAYMENT' | 'CREDIT_MEMO';

export interface CreditBalance {
  type: CreditType;
  /** Payment id, or the credit memo's document id. */
  id: string;
  /** Paid date of a payment, document date of a credit memo, "YYYY-MM-DD". */
  date: string;
  /** What is left to apply, > 0. */
  available: Decimal;
}

export interface DebitBalance {
  documentId: string;
  dueDate: string;
  /** What is still owed, > 0. */
  remaining: Decimal;
}

export interface Application {
  creditType: CreditType;
  creditId: string;
  documentId: string;
  /** > 0. */
  amount: Decimal;
}

export interface ApplicationResult {
  applications: Application[];
  /** Credits whose available amount changed, with the new amount. */
  credits: CreditBalance[];
  /** Debits whose remaining amount changed, with the new amount. */
  debits: DebitBalance[];
}

/**
 * Oldest first on both sides: payments by paid date before credit memos by document date (a
 * payment is money received, a credit memo a reduction; using the cash first keeps the credit
 * memo visible as the customer's credit), each then by id so the order is total; debits by due
 * date, then document id.
 */
export function orderCredits(credits: readonly CreditBalance[]): CreditBalance[] {
  const rank = (credit: CreditBalance) => (credit.type === 'PAYMENT' ? 0 : 1);
  return [...credits].sort(
    (a, b) => rank(a) - rank(b) || compare(a.date, b.date) || compare(a.id, b.id),
  );
}

export function orderDebits(debits: readonly DebitBalance[]): DebitBalance[] {
  return [...debits].sort((a, b) => compare(a.dueDate, b.dueDate) || compare(a.documentId, b.documentId));
}

/** Applies every credit, oldest first, to the debits, oldest due date first, until either side runs out. */
export function applyOldestFirst(credits: readonly CreditBalance[], debits: readonly DebitBalance[]): ApplicationResult {
  const openCredits = orderCredits(credits.filter((credit) => credit.available.isPositive() && !credit.available.isZero()));
  const openDebits = orderDebits(debits.filter((debit) => debit.remaining.isPositive() && !debit.remaining.isZero()));
  const applications: Application[] = [];
  const changedCredits = new Map<string, CreditBalance>();
  const changedDebits = new Map<string, DebitBalance>();
  let debitIndex = 0;
  for (const original of openCredits) {
    let credit = original;
    while (!credit.available.isZero() && debitIndex < openDebits.length) {
      const debit = openDebits[debitIndex] as DebitBalance;
      const amount = credit.available.lessThan(debit.remaining) ? credit.available : debit.remaining;
      applications.push({ creditType: credit.type, creditId: credit.id, documentId: debit.documentId, amount });
      credit = { ...credit, available: credit.available.minus(amount) };
      const left = { ...debit, remaining: debit.remaining.minus(amount) };
      openDebits[debitIndex] = left;
      changedDebits.set(left.documentId, left);
      if (left.remaining.isZero()) debitIndex += 1;
    }
    if (credit !== original) changedCredits.set(creditKey(credit), credit);
    if (debitIndex >= openDebits.length) break;
  }
  return { applications, credits: [...changedCredits.values()], debits: [...changedDebits.values()] };
}

/**
 * Applies a payment to the documents the payer named, in the order named. Each amount is capped
 * by what the document still owes at this moment and by what is left of the payment (requests
 * are validated before the payment is posted; a concurrent posting may have settled part of a
 * document since, and then the rest simply stays unapplied).
 */
export function applyExplicitly(
  payment: CreditBalance,
  requested: readonly { documentId: string; amount: Decimal }[],
  debits: readonly DebitBalance[],
): ApplicationResult {
  const byDocument = new Map(debits.map((debit) => [debit.documentId, debit]));
  const applications: Application[] = [];
  const changedDebits = new Map<string, DebitBalance>();
  let available = payment.available;
  for (const request of requested) {
    const debit = byDocument.get(request.documentId);
    if (debit === undefined) continue;
    const amount = min(min(request.amount, debit.remaining), available);
    if (!amount.isPositive() || amount.isZero()) continue;
    applications.push({ creditType: payment.type, creditId: payment.id, documentId: debit.documentId, amount });
    available = available.minus(amount);
    const left = { ...debit, remaining: debit.remaining.minus(amount) };
    byDocument.set(left.documentId, left);
    changedDebits.set(left.documentId, left);
  }
  const credits = applications.length > 0 ? [{ ...payment, available }] : [];
  return { applications, credits, debits: [...changedDebits.values()] };
}

export function creditKey(credit: Pick<CreditBalance, 'type' | 'id'>): string {
  return `${credit.type}:${credit.id}`;
}

function min(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

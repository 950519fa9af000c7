import type { SqlExecutor } from '@ledgerline/db';
import type { Decimal } from 'decimal.js';
import type { CustomerTerms } from '../domain/customer.js';
import type { CustomerDatabase, CustomerTransaction } from './client.js';
import type { Customer } from './generated/client.js';
import { customerKey, dateText, decimalOf } from './rows.js';

type PrismaReader = CustomerDatabase['prisma'] | CustomerTransaction;

/** A stored customer: its master data and the running figures. */
export interface CustomerRecord extends CustomerTerms {
  /** 1 on creation, one more with every change of master data. */
  revision: bigint;
  postedBalance: Decimal;
  lastInvoiceDate: string | undefined;
  /**
   * The highest ledger transaction number among the posted documents in postedBalance; a
   * document of this customer posted with a higher one is not in it yet. Undefined: not known.
   */
  appliedTransactionNumber: bigint | undefined;
  createdAt: Date;
}

export async function findCustomer(db: PrismaReader, companyId: string, customerId: string): Promise<CustomerRecord | undefined> {
  const row = await db.customer.findUnique({ where: { companyId_customerId: { companyId, customerId } } });
  return row === null ? undefined : toRecord(row);
}

/** Inserts the customer unless one with its id exists; true when this call created it. */
export async function insertCustomer(tx: CustomerTransaction, terms: CustomerTerms): Promise<boolean> {
  const { count } = await tx.customer.createMany({
    data: [
      {
        companyId: terms.companyId,
        customerId: terms.customerId,
        name: terms.name,
        currency: terms.currency,
        creditTermsId: terms.creditTermsId ?? null,
        paymentTerms: terms.paymentTerms,
        creditLimit: terms.creditLimit?.toFixed() ?? null,
        batchCutoffDay: terms.batchCutoffDay ?? null,
        postingGroup: terms.postingGroup,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

/**
 * Stores changed master data and counts the revision up by one; returns the customer as stored.
 * The caller holds the row's lock (`lockCustomers`), so revisions follow one another without gaps.
 */
export async function updateCustomerTerms(tx: CustomerTransaction, terms: CustomerTerms): Promise<CustomerRecord> {
  const row = await tx.customer.update({
    where: { companyId_customerId: { companyId: terms.companyId, customerId: terms.customerId } },
    data: {
      name: terms.name,
      creditTermsId: terms.creditTermsId ?? null,
      paymentTerms: terms.paymentTerms,
      creditLimit: terms.creditLimit?.toFixed() ?? null,
      batchCutoffDay: terms.batchCutoffDay ?? null,
      revision: { increment: 1 },
    },
  });
  return toRecord(row);
}

/** Several customers of one company in one query; absent ids are simply not in the result. */
export async function findCustomers(db: PrismaReader, companyId: string, customerIds: readonly string[]): Promise<CustomerRecord[]> {
  const rows = await db.customer.findMany({ where: { companyId, customerId: { in: [...customerIds] } } });
  return rows.map(toRecord);
}

/**
 * Locks the given customers for the rest of the transaction, in key order so two transactions
 * locking overlapping sets cannot deadlock, and returns the currency of each that exists.
 */
export async function lockCustomers(
  sql: SqlExecutor,
  keys: readonly { companyId: string; customerId: string }[],
): Promise<Map<string, { currency: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await sql.query<{ company_id: string; customer_id: string; currency: string }>(
    `SELECT c.company_id, c.customer_id, c.currency
       FROM customer c
       JOIN unnest($1::text[], $2::text[]) AS k(company_id, customer_id)
         ON c.company_id = k.company_id AND c.customer_id = k.customer_id
      ORDER BY c.company_id, c.customer_id
        FOR UPDATE OF c`,
    [keys.map((key) => key.companyId), keys.map((key) => key.customerId)],
  );
  return new Map(rows.map((row) => [customerKey(row.company_id, row.customer_id), { currency: row.currency }]));
}

export interface BalanceChange {
  companyId: string;
  customerId: string;
  /** Added to the posted balance; negative for payments and credit memos. */
  delta: Decimal;
  /** Becomes the last invoice date when later than the stored one. */
  documentDate: string | undefined;
  /** The highest transaction number of the documents applied; undefined when none was. */
  transactionNumber: bigint | undefined;
}

/** One statement for any number of customers; each customer appears at most once in `changes`. */
export async function changeBalances(sql: SqlExecutor, changes: readonly BalanceChange[]): Promise<void> {
  if (changes.length === 0) return;
  await sql.execute(
    `UPDATE customer c
        SET posted_balance = c.posted_balance + d.delta::numeric,
            last_invoice_date = GREATEST(c.last_invoice_date, NULLIF(d.document_date, '')::date),
            applied_transaction_number = GREATEST(c.applied_transaction_number, NULLIF(d.transaction_number, '')::bigint),
            updated_at = CURRENT_TIMESTAMP
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS d(company_id, customer_id, delta, document_date, transaction_number)
      WHERE c.company_id = d.company_id AND c.customer_id = d.customer_id`,
    [
      changes.map((change) => change.companyId),
      changes.map((change) => change.customerId),
      changes.map((change) => change.delta.toFixed()),
      changes.map((change) => change.documentDate ?? ''),
      changes.map((change) => change.transactionNumber?.toString() ?? ''),
    ],
  );
}

export interface SalesChange {
  companyId: string;
  customerId: string;
  period: string;
  fiscalYearStart: string;
  netAmount: Decimal;
}

/** Adds net sales per customer and period; each (customer, period) appears at most once in `changes`. */
export async function addSales(sql: SqlExecutor, changes: readonly SalesChange[]): Promise<void> {
  if (changes.length === 0) return;
  await sql.execute(
    `INSERT INTO customer_sales (company_id, customer_id, period, fiscal_year_start, net_amount)
     SELECT s.company_id, s.customer_id, s.period, s.fiscal_year_start::date, s.net_amount::numeric
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
            AS s(company_id, customer_id, period, fiscal_year_start, net_amount)
     ON CONFLICT (company_id, customer_id, period)
     DO UPDATE SET net_amount = customer_sales.net_amount + EXCLUDED.net_amount`,
    [
      changes.map((change) => change.companyId),
      changes.map((change) => change.customerId),
      changes.map((change) => change.period),
      changes.map((change) => change.fiscalYearStart),
      changes.map((change) => change.netAmount.toFixed()),
    ],
  );
}

/** A customer's figures besides its row: sales per period and what it has unapplied. */
export interface CustomerFigures {
  sales: { period: string; fiscalYearStart: string; netAmount: Decimal }[];
  /** Payments' unapplied rests. */
  unappliedPayments: Decimal;
  /** Credit memos' open remaining, as a positive amount. */
  openCredits: Decimal;
}

export async function customerFigures(sql: SqlExecutor, companyId: string, customerId: string): Promise<CustomerFigures> {
  const [sales, [totals]] = await Promise.all([
    sql.query<{ period: string; fiscal_year_start: string; net_amount: string }>(
      `SELECT period, fiscal_year_start::text AS fiscal_year_start, net_amount::text AS net_amount
         FROM customer_sales WHERE company_id = $1 AND customer_id = $2`,
      [companyId, customerId],
    ),
    sql.query<{ unapplied: string; credits: string }>(
      `SELECT (SELECT COALESCE(SUM(unapplied_amount), 0) FROM payment
                WHERE company_id = $1 AND customer_id = $2 AND unapplied_amount > 0)::text AS unapplied,
              (SELECT COALESCE(-SUM(remaining), 0) FROM open_item
                WHERE company_id = $1 AND customer_id = $2 AND remaining <> 0 AND remaining < 0)::text AS credits`,
      [companyId, customerId],
    ),
  ]);
  return {
    sales: sales.map((row) => ({ period: row.period, fiscalYearStart: row.fiscal_year_start, netAmount: decimalOf(row.net_amount) })),
    unappliedPayments: decimalOf(totals?.unapplied ?? '0'),
    openCredits: decimalOf(totals?.credits ?? '0'),
  };
}

function toRecord(row: Customer): CustomerRecord {
  return {
    companyId: row.companyId,
    customerId: row.customerId,
    name: row.name,
    currency: row.currency,
    creditTermsId: row.creditTermsId ?? undefined,
    paymentTerms: row.paymentTerms,
    creditLimit: row.creditLimit === null ? undefined : decimalOf(row.creditLimit),
    batchCutoffDay: row.batchCutoffDay ?? undefined,
    postingGroup: row.postingGroup,
    revision: row.revision,
    postedBalance: decimalOf(row.postedBalance),
    lastInvoiceDate: row.lastInvoiceDate === null ? undefined : dateText(row.lastInvoiceDate),
    appliedTransactionNumber: row.appliedTransactionNumber ?? undefined,
    createdAt: row.createdAt,
  };
}

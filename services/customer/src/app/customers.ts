import { prismaSql } from '@ledgerline/db';
import { enqueueEvents } from '@ledgerline/kafka';
import { sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  applyCustomerChanges,
  checkCreditTerms,
  sameCustomerTerms,
  validateCustomerDraft,
  validateCustomerUpdate,
  type CustomerDraft,
  type CustomerTerms,
  type CustomerUpdateDraft,
} from '../domain/customer.js';
import { ErrorCode, accepted, rejected, type Outcome } from '../domain/errors.js';
import { todayUtc } from '@ledgerline/calendar';
import { fiscalPositionOf } from '../domain/fiscal.js';
import {
  customerFigures,
  findCustomer,
  findCustomers,
  insertCustomer,
  lockCustomers,
  updateCustomerTerms,
  type CustomerRecord,
} from '../db/customers.js';
import { customerChangedEvent } from '../kafka/customer-changed.js';
import type { CustomerContext } from './context.js';

/** A customer with the figures GetCustomer reports, all in the customer's currency. */
export interface CustomerView extends CustomerRecord {
  salesYtd: Decimal;
  salesPtd: Decimal;
  /** Payments' unapplied rests plus credit memos' open remaining. */
  unappliedAmount: Decimal;
}

/**
 * Creates a customer, idempotently by (company, customer id): a repeat with the same content
 * answers the stored customer, other content is refused with CONFLICT. The company and its
 * credit terms come from the ledger. The call that inserts the customer enqueues its first
 * CustomerChanged in the same transaction; a repeat enqueues nothing.
 */
export async function createCustomer(context: CustomerContext, draft: CustomerDraft): Promise<Outcome<CustomerView>> {
  const validated = validateCustomerDraft(draft);
  if (!validated.ok) return rejected(validated.errors);
  const terms = validated.value;
  const { prisma, store } = context.database;
  const existing = await findCustomer(prisma, terms.companyId, terms.customerId);
  if (existing !== undefined) return repeatOf(context, existing, terms);
  const company = await context.companies.knowingCreditTerms(terms.companyId, terms.creditTermsId);
  if (company === undefined) {
    return rejected([{ code: ErrorCode.NOT_FOUND, message: `company ${terms.companyId} does not exist`, fieldPath: 'companyId' }]);
  }
  const termsErrors = checkCreditTerms(terms, company.creditTermsIds);
  if (termsErrors.length > 0) return rejected(termsErrors);
  const created = await store.transaction(async (tx) => {
    const inserted = await insertCustomer(tx, terms);
    const customer = await findCustomer(tx, terms.companyId, terms.customerId);
    if (customer === undefined) throw new Error(`customer ${terms.customerId} vanished after its insert`);
    if (inserted) await enqueueEvents(prismaSql(tx), [customerChangedEvent(customer)]);
    return { inserted, customer };
  });
  // A concurrent request with the same id won the insert: this one is its repeat.
  if (!created.inserted) return repeatOf(context, created.customer, terms);
  context.notifyOutbox();
  return accepted(withoutFigures(created.customer));
}

/**
 * Changes a customer's master data: only the fields the request sends, by the rules creation
 * applies. The row is locked while the change is applied, so concurrent updates follow one
 * another and each gets its own revision; a change stores the next revision and enqueues
 * CustomerChanged in the same transaction. An update that changes nothing stores and enqueues
 * nothing and answers the customer as it is, so a repeated update is harmless.
 */
export async function updateCustomer(context: CustomerContext, draft: CustomerUpdateDraft): Promise<Outcome<CustomerView>> {
  const { companyId, customerId } = draft;
  const { prisma, store } = context.database;
  // Read without a lock: it only decides whether the customer exists and gives its currency, which never changes.
  const stored = await findCustomer(prisma, companyId, customerId);
  if (stored === undefined) {
    return rejected([{ code: ErrorCode.NOT_FOUND, message: `customer ${customerId} does not exist`, fieldPath: '' }]);
  }
  const validated = validateCustomerUpdate(draft, stored.currency);
  if (!validated.ok) return rejected(validated.errors);
  const changes = validated.value;
  const newCreditTermsId = changes.creditTermsId;
  // Only terms the request names need the company; the ledger is asked before any lock is taken.
  if (typeof newCreditTermsId === 'string') {
    const company = await context.companies.knowingCreditTerms(companyId, newCreditTermsId);
    if (company === undefined) {
      return rejected([{ code: ErrorCode.NOT_FOUND, message: `company ${companyId} does not exist`, fieldPath: 'companyId' }]);
    }
    const termsErrors = checkCreditTerms({ companyId, creditTermsId: newCreditTermsId }, company.creditTermsIds);
    if (termsErrors.length > 0) return rejected(termsErrors);
  }
  const updated = await store.transaction(async (tx) => {
    await lockCustomers(prismaSql(tx), [{ companyId, customerId }]);
    const current = await findCustomer(tx, companyId, customerId);
    if (current === undefined) throw new Error(`customer ${customerId} vanished while it was being updated`);
    const next = applyCustomerChanges(current, changes);
    if (sameCustomerTerms(current, next)) return { changed: false, customer: current };
    const customer = await updateCustomerTerms(tx, next);
    await enqueueEvents(prismaSql(tx), [customerChangedEvent(customer)]);
    return { changed: true, customer };
  });
  if (updated.changed) context.notifyOutbox();
  return accepted(await viewOf(context, updated.customer, todayUtc()));
}

async function repeatOf(context: CustomerContext, existing: CustomerRecord, terms: CustomerTerms): Promise<Outcome<CustomerView>> {
  if (!sameCustomerTerms(existing, terms)) {
    return rejected([
      {
        code: ErrorCode.CONFLICT,
        message: `customer ${terms.customerId} exists with other content; a repeat must carry the same content`,
        fieldPath: 'customerId',
      },
    ]);
  }
  const view = await viewOf(context, existing, todayUtc());
  return accepted(view);
}

/** The customer with its figures as of a date (default today), or undefined when it does not exist. */
export async function getCustomer(
  context: CustomerContext,
  companyId: string,
  customerId: string,
  asOf: string,
): Promise<CustomerView | undefined> {
  const customer = await findCustomer(context.database.prisma, companyId, customerId);
  return customer === undefined ? undefined : viewOf(context, customer, asOf);
}

/** The customer's master data alone: one row, no figures and no fiscal calendar. */
export function getCustomerMasterData(context: CustomerContext, companyId: string, customerId: string): Promise<CustomerRecord | undefined> {
  return findCustomer(context.database.prisma, companyId, customerId);
}

async function viewOf(context: CustomerContext, customer: CustomerRecord, asOf: string): Promise<CustomerView> {
  const figures = await customerFigures(prismaSql(context.database.prisma), customer.companyId, customer.customerId);
  let salesYtd = sum([]);
  let salesPtd = sum([]);
  // Only a customer with sales needs the fiscal calendar, so reads of new customers never wait on the ledger.
  if (figures.sales.length > 0) {
    const company = await context.companies.get(customer.companyId);
    if (company === undefined) throw new Error(`company ${customer.companyId} of customer ${customer.customerId} is unknown to the ledger`);
    const position = fiscalPositionOf(asOf, company);
    salesYtd = sum(figures.sales.filter((row) => row.fiscalYearStart === position.fiscalYearStart).map((row) => row.netAmount));
    salesPtd = sum(figures.sales.filter((row) => row.period === position.period).map((row) => row.netAmount));
  }
  return { ...customer, salesYtd, salesPtd, unappliedAmount: figures.unappliedPayments.plus(figures.openCredits) };
}

function withoutFigures(customer: CustomerRecord): CustomerView {
  const zero = sum([]);
  return { ...customer, salesYtd: zero, salesPtd: zero, unappliedAmount: zero };
}

/** Most customers one GetCreditExposure may name (customer_service.proto). */
export const CREDIT_EXPOSURE_CUSTOMERS_MAX = 1_000;

export interface CreditExposureView {
  exposures: CustomerRecord[];
  missingCustomerIds: string[];
}

/** Exposure of many customers in one query: known ones in request order, unknown ids listed apart. */
export async function creditExposure(context: CustomerContext, companyId: string, customerIds: readonly string[]): Promise<CreditExposureView> {
  const distinct = [...new Set(customerIds)];
  const found = new Map((await findCustomers(context.database.prisma, companyId, distinct)).map((customer) => [customer.customerId, customer]));
  const exposures: CustomerRecord[] = [];
  const missingCustomerIds: string[] = [];
  for (const customerId of distinct) {
    const customer = found.get(customerId);
    if (customer === undefined) missingCustomerIds.push(customerId);
    else exposures.push(customer);
  }
  return { exposures, missingCustomerIds };
}

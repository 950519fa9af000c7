import { prismaSql } from '@ledgerline/db';
import { sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  checkCreditTerms,
  sameCustomerTerms,
  validateCustomerDraft,
  type CustomerDraft,
  type CustomerTerms,
} from '../domain/customer.js';
import { ErrorCode, accepted, rejected, type Outcome } from '../domain/errors.js';
import { todayUtc } from '@ledgerline/calendar';
import { fiscalPositionOf } from '../domain/fiscal.js';
import { customerFigures, findCustomer, findCustomers, insertCustomer, type CustomerRecord } from '../db/customers.js';
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
 * credit terms come from the ledger.
 */
export async function createCustomer(context: CustomerContext, draft: CustomerDraft): Promise<Outcome<CustomerView>> {
  const validated = validateCustomerDraft(draft);
  if (!validated.ok) return rejected(validated.errors);
  const terms = validated.value;
  const { prisma, store } = context.database;
  const existing = await findCustomer(prisma, terms.companyId, terms.customerId);
  if (existing !== undefined) return repeatOf(context, existing, terms);
  const company = await context.companies.get(terms.companyId);
  if (company === undefined) {
    return rejected([{ code: ErrorCode.NOT_FOUND, message: `company ${terms.companyId} does not exist`, fieldPath: 'companyId' }]);
  }
  const termsErrors = checkCreditTerms(terms, company.creditTermsIds);
  if (termsErrors.length > 0) return rejected(termsErrors);
  const created = await store.transaction(async (tx) => {
    const inserted = await insertCustomer(tx, terms);
    return { inserted, customer: await findCustomer(tx, terms.companyId, terms.customerId) };
  });
  if (created.customer === undefined) throw new Error(`customer ${terms.customerId} vanished after its insert`);
  // A concurrent request with the same id won the insert: this one is its repeat.
  if (!created.inserted) return repeatOf(context, created.customer, terms);
  return accepted(withoutFigures(created.customer));
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

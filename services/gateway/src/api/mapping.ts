import { commonV1, customerV1, invoicingV1, ledgerV1, roundingModeFromWire, roundingModeToWire } from '@ledgerline/contracts';
import type {
  AmendInvoiceBody,
  CreateAccountBody,
  CreateCompanyBody,
  CreateCustomerBody,
  CreateInvoiceBody,
  CreateProductBody,
  ExchangeRateBody,
  ListInvoicesQuery,
  PostInvoiceBody,
  PostInvoicesBody,
  RecordPaymentBody,
  UpdateCustomerBody,
  UpdateSettingsBody,
} from './requests.js';

/**
 * REST <-> gRPC shapes (DESIGN section 11): enum names without their proto prefix, decimal
 * strings as they are, "not set" (empty string) as null, instants as ISO-8601 strings. Pure.
 */

/** "Not set" (the empty string of the contracts) as null. */
export const orNull = (value: string): string | null => (value === '' ? null : value);
/** An instant as ISO-8601, or null when absent. */
export const instant = (value: Date | undefined): string | null => (value === undefined ? null : value.toISOString());
/** uint64 counters travel as strings in the contracts; in JSON they are integers. */
export const counter = (value: string): number | null => (value === '' || value === '0' ? null : Number(value));

/** Two-way map between REST enum names and proto enum values. */
export function enumMap<Value extends number, Name extends string>(pairs: ReadonlyArray<readonly [Name, Value]>) {
  const byName = new Map<string, Value>(pairs);
  const byValue = new Map<number, Name>(pairs.map(([name, value]) => [value, name]));
  return {
    toProto: (name: Name): Value => byName.get(name) as Value,
    toName: (value: number): Name | null => byValue.get(value) ?? null,
  };
}

export const documentTypes = enumMap([
  ['SALES_ORDER', commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER],
  ['FREE_TEXT', commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT],
  ['DEBIT_MEMO', commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO],
  ['CREDIT_MEMO', commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO],
] as const);

export const invoiceStatuses = enumMap([
  ['IN_PROGRESS', invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS],
  ['READY_TO_POST', invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST],
  ['COMPLETE', invoicingV1.InvoiceStatus.INVOICE_STATUS_COMPLETE],
  ['DISCARDED', invoicingV1.InvoiceStatus.INVOICE_STATUS_DISCARDED],
] as const);

export const paymentTerms = enumMap([
  ['STANDARD', customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD],
  ['CASH_SALES_ONLY', customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY],
] as const);

export const creditCheckModes = enumMap([
  ['NONE', commonV1.CreditCheckMode.CREDIT_CHECK_MODE_NONE],
  ['BALANCE', commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE],
  ['BALANCE_PACKING_SLIPS', commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_PACKING_SLIPS],
  ['BALANCE_ALL', commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL],
] as const);

/** A request's credit check mode; absent means the company's default (unspecified). */
export function creditCheckModeToProto(mode: Parameters<typeof creditCheckModes.toProto>[0] | undefined): commonV1.CreditCheckMode {
  return mode === undefined ? commonV1.CreditCheckMode.CREDIT_CHECK_MODE_UNSPECIFIED : creditCheckModes.toProto(mode);
}

export const journalTypes = enumMap([
  ['AR_DISTRIBUTION', ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION],
  ['CASH_RECEIPTS', ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS],
  ['INCOME_SCHEDULE', ledgerV1.JournalType.JOURNAL_TYPE_INCOME_SCHEDULE],
  ['GENERAL', ledgerV1.JournalType.JOURNAL_TYPE_GENERAL],
] as const);

export const sourceTypes = enumMap([
  ['INVOICE', ledgerV1.SourceType.SOURCE_TYPE_INVOICE],
  ['PAYMENT', ledgerV1.SourceType.SOURCE_TYPE_PAYMENT],
  ['INCOME_SCHEDULE', ledgerV1.SourceType.SOURCE_TYPE_INCOME_SCHEDULE],
] as const);

// ---- requests: REST -> gRPC ---------------------------------------------------------------

export function createCompanyRequest(body: CreateCompanyBody): ledgerV1.CreateCompanyRequest {
  return ledgerV1.CreateCompanyRequest.fromPartial({
    companyId: body.id,
    name: body.name,
    homeCurrency: body.homeCurrency,
    reportingCurrency: body.reportingCurrency,
    fiscalYearStart: body.fiscalYearStart,
    template: ledgerV1.CompanyTemplate.COMPANY_TEMPLATE_STANDARD,
  });
}

const ACCOUNT_TYPE_TO_WIRE: Record<CreateAccountBody['type'], ledgerV1.AccountType> = {
  ASSET: ledgerV1.AccountType.ACCOUNT_TYPE_ASSET,
  LIABILITY: ledgerV1.AccountType.ACCOUNT_TYPE_LIABILITY,
  EQUITY: ledgerV1.AccountType.ACCOUNT_TYPE_EQUITY,
  REVENUE: ledgerV1.AccountType.ACCOUNT_TYPE_REVENUE,
  EXPENSE: ledgerV1.AccountType.ACCOUNT_TYPE_EXPENSE,
};
const ACCOUNT_TYPE_FROM_WIRE = new Map(Object.entries(ACCOUNT_TYPE_TO_WIRE).map(([name, wire]) => [wire, name]));

export function createAccountRequest(companyId: string, body: CreateAccountBody): ledgerV1.CreateAccountRequest {
  return {
    companyId,
    account: { account: body.account, name: body.name, type: ACCOUNT_TYPE_TO_WIRE[body.type], control: body.control ?? false },
  };
}

export function updateSettingsRequest(companyId: string, body: UpdateSettingsBody): ledgerV1.UpdateCompanySettingsRequest {
  const { roundingMode, ...settings } = body;
  return ledgerV1.UpdateCompanySettingsRequest.fromPartial({
    companyId,
    ...settings,
    roundingMode: roundingMode === undefined ? undefined : roundingModeToWire(roundingMode),
  });
}

export function setExchangeRateRequest(companyId: string, body: ExchangeRateBody): ledgerV1.SetExchangeRateRequest {
  return ledgerV1.SetExchangeRateRequest.fromPartial({
    companyId,
    rate: { fromCurrency: body.from, toCurrency: body.to, validFrom: body.date, rate: body.rate },
  });
}

export function createCustomerRequest(companyId: string, body: CreateCustomerBody): customerV1.CreateCustomerRequest {
  return customerV1.CreateCustomerRequest.fromPartial({
    companyId,
    customerId: body.id,
    name: body.name,
    currency: body.currency,
    creditTermsId: body.creditTermsId ?? '',
    paymentTerms: paymentTerms.toProto(body.paymentTerms),
    creditLimit: body.creditLimit ?? '',
    batchCutoffDay: body.batchCutoffDay ?? 0,
    postingGroup: body.postingGroup ?? '',
  });
}

/** Fields left out stay absent in the request, so the service keeps them; null becomes the contract's "none". */
export function updateCustomerRequest(companyId: string, customerId: string, body: UpdateCustomerBody): customerV1.UpdateCustomerRequest {
  const noneAs = <T>(value: T | null | undefined, none: T): T | undefined => (value === null ? none : value);
  return customerV1.UpdateCustomerRequest.fromPartial({
    companyId,
    customerId,
    name: body.name,
    creditTermsId: noneAs(body.creditTermsId, ''),
    paymentTerms: body.paymentTerms === undefined ? undefined : paymentTerms.toProto(body.paymentTerms),
    creditLimit: noneAs(body.creditLimit, ''),
    batchCutoffDay: noneAs(body.batchCutoffDay, 0),
  });
}

export function recordPaymentRequest(companyId: string, paymentId: string, body: RecordPaymentBody): customerV1.RecordPaymentRequest {
  return customerV1.RecordPaymentRequest.fromPartial({
    companyId,
    paymentId,
    customerId: body.customerId,
    amount: body.amount,
    currency: body.currency ?? '',
    paidDate: body.paidDate,
    reference: body.reference ?? '',
    applications: (body.applications ?? []).map((application) => ({ documentId: application.documentId, amount: application.amount })),
  });
}

export function createProductRequest(companyId: string, body: CreateProductBody): invoicingV1.CreateProductRequest {
  return invoicingV1.CreateProductRequest.fromPartial({
    companyId,
    product: {
      productId: body.id,
      name: body.name,
      revenueAccount: body.revenueAccount,
      serialized: body.serialized ?? false,
      createsCustomerItem: body.createsCustomerItem ?? false,
    },
  });
}

export function createInvoiceRequest(companyId: string, invoiceId: string, body: CreateInvoiceBody): invoicingV1.CreateInvoiceRequest {
  return invoicingV1.CreateInvoiceRequest.fromPartial({
    companyId,
    invoiceId,
    type: documentTypes.toProto(body.type),
    customerId: body.customerId,
    invoiceDate: body.invoiceDate,
    currency: body.currency ?? '',
    reference: body.reference ?? '',
    lines: body.lines.map(lineInputOf),
  });
}

function lineInputOf(line: CreateInvoiceBody['lines'][number]): invoicingV1.InvoiceLineInput {
  return {
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineDiscount: line.lineDiscount ?? '',
    productId: line.productId ?? '',
    account: line.account ?? '',
    taxCode: line.taxCode,
    distribution: (line.distribution ?? []).map((part) => ({ account: part.account, percent: part.percent ?? '', amount: part.amount ?? '' })),
    serialNumbers: line.serialNumbers ?? [],
    incomeSchedule: line.incomeSchedule == null ? undefined : { startDate: line.incomeSchedule.startDate, periods: line.incomeSchedule.periods },
  };
}

export function listInvoicesRequest(companyId: string, query: ListInvoicesQuery): invoicingV1.ListInvoicesRequest {
  return invoicingV1.ListInvoicesRequest.fromPartial({
    companyId,
    filter: {
      statuses: (query.status ?? []).map(invoiceStatuses.toProto),
      types: (query.type ?? []).map(documentTypes.toProto),
      customerId: query.customerId ?? '',
      invoiceDate: { from: query.invoiceDateFrom ?? '', to: query.invoiceDateTo ?? '' },
      dueDate: { from: query.dueDateFrom ?? '', to: query.dueDateTo ?? '' },
      invoiceIds: [],
    },
    page: pageRequest(query),
    omitLines: true,
  });
}

export function pageRequest(query: { cursor?: string | undefined; limit?: number | undefined }): commonV1.PageRequest {
  return { cursor: query.cursor ?? '', pageSize: query.limit ?? 0 };
}

/** `paymentId` is the id a payment without its own gets (derived from the Idempotency-Key). */
export function requestPostingRequest(
  companyId: string,
  invoiceId: string,
  requestId: string,
  body: PostInvoiceBody,
  paymentId: string,
): invoicingV1.RequestPostingRequest {
  const payment = body?.payment;
  return invoicingV1.RequestPostingRequest.fromPartial({
    companyId,
    invoiceId,
    creditCheckMode: creditCheckModeToProto(body?.creditCheckMode),
    creditCorrection: body?.creditCorrection ?? false,
    requestId,
    payment:
      payment === undefined
        ? undefined
        : { paymentId: payment.id ?? paymentId, amount: payment.amount, paidDate: payment.paidDate, reference: payment.reference ?? '' },
  });
}

export function requestPostingBatchRequest(companyId: string, requestId: string, body: PostInvoicesBody): invoicingV1.RequestPostingBatchRequest {
  return invoicingV1.RequestPostingBatchRequest.fromPartial({
    companyId,
    requestId,
    invoiceIds: body.invoiceIds,
    creditCheckMode: creditCheckModeToProto(body.creditCheckMode),
    creditCorrection: body.creditCorrection ?? false,
  });
}

/** The answer to a request to post many documents: each document's status, and why it was not queued. */
export function postingBatchToJson(requestId: string, results: readonly invoicingV1.RequestPostingBatchResult[]) {
  return {
    requestId,
    queuedCount: results.filter((result) => result.errors.length === 0).length,
    refusedCount: results.filter((result) => result.errors.length > 0).length,
    results: results.map((result) => ({
      invoiceId: result.invoiceId,
      status: result.status === invoicingV1.InvoiceStatus.INVOICE_STATUS_UNSPECIFIED ? null : invoiceStatuses.toName(result.status),
      errors: result.errors.map(businessErrorToJson),
    })),
  };
}

export function amendInvoiceRequest(companyId: string, invoiceId: string, body: AmendInvoiceBody): invoicingV1.AmendInvoiceRequest {
  return invoicingV1.AmendInvoiceRequest.fromPartial({
    companyId,
    invoiceId,
    invoiceDate: body.invoiceDate,
    reference: body.reference ?? '',
    lines: body.lines.map(lineInputOf),
  });
}

// ---- answers: gRPC -> REST ----------------------------------------------------------------

export function companyToJson(company: ledgerV1.Company) {
  const settings = company.settings;
  return {
    id: company.companyId,
    name: company.name,
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    fiscalYearStart: company.fiscalYearStart,
    settings: {
      requireCustomerItemConfirmation: settings?.requireCustomerItemConfirmation ?? false,
      backgroundPostingLineThreshold: settings?.backgroundPostingLineThreshold ?? 0,
      postZeroPriceLinesToRevenue: settings?.postZeroPriceLinesToRevenue ?? false,
      sequentialLineNumbers: settings?.sequentialLineNumbers ?? false,
      defaultCreditTermsId: orNull(settings?.defaultCreditTermsId ?? ''),
      roundingAccount: orNull(settings?.roundingAccount ?? ''),
      receivableAccount: orNull(settings?.receivableAccount ?? ''),
      deferredRevenueAccount: orNull(settings?.deferredRevenueAccount ?? ''),
      roundingMode: roundingModeFromWire(settings?.roundingMode ?? ledgerV1.RoundingMode.ROUNDING_MODE_UNSPECIFIED),
    },
    taxCodes: company.taxCodes.map(taxCodeToJson),
    creditTerms: company.creditTerms.map(creditTermsToJson),
    periods: company.periods.map(periodToJson),
    postingProfiles: company.postingProfiles.map(postingProfileToJson),
    createdAt: instant(company.createdAt),
  };
}

export function accountToJson(account: ledgerV1.Account) {
  const type = ACCOUNT_TYPE_FROM_WIRE.get(account.type);
  if (type === undefined) throw new Error(`ledger answered account ${account.account} without a known type`);
  return { account: account.account, name: account.name, type, control: account.control };
}

export function taxCodeToJson(tax: ledgerV1.TaxCode) {
  return { code: tax.code, name: tax.name, ratePercent: tax.ratePercent, payableAccount: tax.payableAccount };
}

export function creditTermsToJson(terms: ledgerV1.CreditTerms) {
  return { id: terms.creditTermsId, name: terms.name, netDays: terms.netDays, discountPercent: orNull(terms.discountPercent), discountDays: terms.discountDays };
}

export function postingProfileToJson(profile: ledgerV1.PostingProfile) {
  return { postingGroup: profile.postingGroup, receivableAccount: profile.receivableAccount };
}

export function periodToJson(period: ledgerV1.Period) {
  return { period: period.period, startDate: period.startDate, endDate: period.endDate, closed: period.closed };
}

export function exchangeRateToJson(rate: ledgerV1.ExchangeRate) {
  return { from: rate.fromCurrency, to: rate.toCurrency, date: rate.validFrom, rate: rate.rate };
}

export function customerToJson(customer: customerV1.Customer) {
  return {
    id: customer.customerId,
    name: customer.name,
    currency: customer.currency,
    creditTermsId: orNull(customer.creditTermsId),
    paymentTerms: paymentTerms.toName(customer.paymentTerms) ?? 'STANDARD',
    creditLimit: orNull(customer.creditLimit),
    batchCutoffDay: customer.batchCutoffDay === 0 ? null : customer.batchCutoffDay,
    postingGroup: orNull(customer.postingGroup),
    postedBalance: customer.postedBalance,
    salesYtd: customer.salesYtd,
    salesPtd: customer.salesPtd,
    lastInvoiceDate: orNull(customer.lastInvoiceDate),
    unappliedAmount: customer.unappliedAmount,
    createdAt: instant(customer.createdAt),
    revision: Number(customer.revision),
  };
}

export function openItemToJson(item: customerV1.OpenItem) {
  return {
    documentId: item.documentId,
    documentNumber: item.documentNumber,
    documentType: documentTypes.toName(item.documentType),
    documentDate: item.documentDate,
    currency: item.currency,
    amount: item.amount,
    remaining: item.remaining,
    dueDate: item.dueDate,
    discountDate: orNull(item.discountDate),
    discountAmount: orNull(item.discountAmount),
    homeCurrency: orNull(item.homeCurrency),
    homeDiscountAmount: orNull(item.homeDiscountAmount),
  };
}

export function paymentToJson(payment: customerV1.Payment) {
  return {
    id: payment.paymentId,
    customerId: payment.customerId,
    amount: payment.amount,
    currency: payment.currency,
    paidDate: payment.paidDate,
    reference: payment.reference,
    applications: payment.applications.map((application) => ({ documentId: application.documentId, amount: application.amount })),
    unappliedAmount: payment.unappliedAmount,
    ledgerEntryId: orNull(payment.ledgerEntryId),
    recordedAt: instant(payment.recordedAt),
  };
}

export function productToJson(product: invoicingV1.Product) {
  return {
    id: product.productId,
    name: product.name,
    revenueAccount: product.revenueAccount,
    serialized: product.serialized,
    createsCustomerItem: product.createsCustomerItem,
  };
}

export function businessErrorToJson(error: commonV1.BusinessError) {
  return { code: error.code, message: error.message, path: orNull(error.fieldPath) };
}

/** The REST shape of a document; list answers leave lines and tax lines out. */
export function invoiceToJson(invoice: invoicingV1.Invoice, options: { withLines?: boolean } = {}) {
  const summary = {
    id: invoice.invoiceId,
    type: documentTypes.toName(invoice.type),
    status: invoiceStatuses.toName(invoice.status),
    customerId: invoice.customerId,
    draftNumber: orNull(invoice.draftNumber),
    number: orNull(invoice.number),
    transactionNumber: counter(invoice.transactionNumber),
    invoiceDate: invoice.invoiceDate,
    dueDate: orNull(invoice.dueDate),
    currency: invoice.currency,
    creditTermsId: orNull(invoice.creditTermsId),
    reference: orNull(invoice.reference),
    netAmount: invoice.netAmount,
    taxAmount: invoice.taxAmount,
    totalAmount: invoice.totalAmount,
    ledgerEntryId: orNull(invoice.ledgerEntryId),
    postingRunId: orNull(invoice.postingRunId),
    errors: invoice.errors.map(businessErrorToJson),
    createdAt: instant(invoice.createdAt),
    updatedAt: instant(invoice.updatedAt),
  };
  if (options.withLines === false) return summary;
  return {
    ...summary,
    lines: invoice.lines.map((line) => ({
      lineNumber: line.lineNumber,
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineDiscount: line.lineDiscount,
      productId: orNull(line.productId),
      account: orNull(line.account),
      taxCode: line.taxCode,
      distribution: line.distribution.map((part) => ({ account: part.account, percent: orNull(part.percent), amount: orNull(part.amount) })),
      serialNumbers: line.serialNumbers,
      netAmount: line.netAmount,
      taxAmount: line.taxAmount,
      serialized: line.serialized,
      createsCustomerItem: line.createsCustomerItem,
      incomeSchedule: line.incomeSchedule === undefined ? null : { startDate: line.incomeSchedule.startDate, periods: line.incomeSchedule.periods },
    })),
    taxLines: invoice.taxLines.map((tax) => ({
      taxCode: tax.taxCode,
      ratePercent: tax.ratePercent,
      baseAmount: tax.baseAmount,
      taxAmount: tax.taxAmount,
    })),
  };
}

export function journalEntryToJson(entry: ledgerV1.JournalEntry) {
  return {
    id: entry.entryId,
    transactionNumber: counter(entry.transactionNumber),
    journal: journalTypes.toName(entry.journal),
    date: entry.date,
    period: entry.period,
    sourceId: entry.sourceId,
    sourceType: sourceTypes.toName(entry.sourceType),
    documentNumber: orNull(entry.documentNumber),
    currency: entry.currency,
    description: entry.description,
    postedAt: instant(entry.postedAt),
    originSourceId: orNull(entry.originSourceId),
    lines: entry.lines.map((line) => ({
      lineNumber: line.lineNumber,
      account: line.account,
      currency: line.currency,
      amount: line.amount,
      homeAmount: line.homeAmount,
      reportingAmount: line.reportingAmount,
      description: line.description,
      customerId: orNull(line.customerId),
      correction: line.correction,
      incomeSchedule:
        line.incomeSchedule === undefined
          ? null
          : { revenueAccount: line.incomeSchedule.revenueAccount, startDate: line.incomeSchedule.startDate, periods: line.incomeSchedule.periods },
    })),
  };
}

export function trialBalanceToJson(period: string, balance: ledgerV1.GetTrialBalanceResponse) {
  return {
    period,
    homeCurrency: balance.homeCurrency,
    reportingCurrency: balance.reportingCurrency,
    accounts: balance.accounts.map((account) => ({
      account: account.account,
      name: account.name,
      homeBalance: account.homeBalance,
      reportingBalance: account.reportingBalance,
      homePeriodMovement: account.homePeriodMovement,
      reportingPeriodMovement: account.reportingPeriodMovement,
    })),
  };
}

/** The next page's cursor, or null on the last page. */
export function nextCursor(page: commonV1.PageResponse | undefined): string | null {
  return orNull(page?.nextCursor ?? '');
}

import { commonV1, formatDraftNumber, invoicingV1 } from '@ledgerline/contracts';
import { formatAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { CreditCheckMode } from '../app/commands.js';
import type { InvoiceRecord } from '../app/invoicing.js';
import { isoDate } from '../app/invoicing.js';
import type { DocumentType, FieldError, InvoiceStatus, LineInput } from '../domain/types.js';
import type { InvoiceLine, Product, TaxLine } from '../db/generated/client.js';

const DOCUMENT_TYPES: Record<DocumentType, commonV1.DocumentType> = {
  SALES_ORDER: commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER,
  FREE_TEXT: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
  DEBIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO,
  CREDIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO,
};

const STATUSES: Record<InvoiceStatus, invoicingV1.InvoiceStatus> = {
  IN_PROGRESS: invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS,
  READY_TO_POST: invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST,
  COMPLETE: invoicingV1.InvoiceStatus.INVOICE_STATUS_COMPLETE,
  DISCARDED: invoicingV1.InvoiceStatus.INVOICE_STATUS_DISCARDED,
};

/** The wire value of a status. */
export function statusToWire(status: InvoiceStatus): invoicingV1.InvoiceStatus {
  return STATUSES[status];
}

/** UNSPECIFIED is NONE (common/v1/types.proto). */
const CREDIT_CHECK_MODES: Record<CreditCheckMode, commonV1.CreditCheckMode> = {
  NONE: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_NONE,
  BALANCE: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE,
  BALANCE_PACKING_SLIPS: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_PACKING_SLIPS,
  BALANCE_ALL: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL,
};

export function creditCheckModeFromWire(mode: commonV1.CreditCheckMode): CreditCheckMode | undefined {
  if (mode === commonV1.CreditCheckMode.CREDIT_CHECK_MODE_UNSPECIFIED) return 'NONE';
  return (Object.keys(CREDIT_CHECK_MODES) as CreditCheckMode[]).find((name) => CREDIT_CHECK_MODES[name] === mode);
}

export function creditCheckModeToWire(mode: CreditCheckMode): commonV1.CreditCheckMode {
  return CREDIT_CHECK_MODES[mode];
}

export function documentTypeFromWire(type: commonV1.DocumentType): DocumentType | undefined {
  return (Object.keys(DOCUMENT_TYPES) as DocumentType[]).find((name) => DOCUMENT_TYPES[name] === type);
}

export function statusFromWire(status: invoicingV1.InvoiceStatus): InvoiceStatus | undefined {
  return (Object.keys(STATUSES) as InvoiceStatus[]).find((name) => STATUSES[name] === status);
}

export function documentTypeToWire(type: DocumentType): commonV1.DocumentType {
  return DOCUMENT_TYPES[type];
}

export function lineInputFromWire(line: invoicingV1.InvoiceLineInput): LineInput {
  return {
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineDiscount: line.lineDiscount,
    productId: line.productId,
    account: line.account,
    taxCode: line.taxCode,
    distribution: line.distribution.map((share) => ({ account: share.account, percent: share.percent, amount: share.amount })),
    serialNumbers: line.serialNumbers,
    incomeSchedule: line.incomeSchedule === undefined ? undefined : { startDate: line.incomeSchedule.startDate, periods: line.incomeSchedule.periods },
  };
}

export function lineToWire(line: InvoiceLine, currency: string): invoicingV1.InvoiceLine {
  return {
    lineNumber: line.lineNumber,
    description: line.description,
    quantity: line.quantity.toFixed(),
    unitPrice: line.unitPrice.toFixed(),
    lineDiscount: amount(line.lineDiscount, currency),
    productId: line.productId,
    account: line.account,
    taxCode: line.taxCode,
    distribution: (line.distribution as unknown as { account: string; percent: string; amount: string }[]).map((share) => ({ ...share })),
    serialNumbers: line.serialNumbers,
    netAmount: amount(line.netAmount, currency),
    taxAmount: amount(line.taxAmount, currency),
    serialized: line.serialized,
    createsCustomerItem: line.createsCustomerItem,
    incomeSchedule: incomeScheduleToWire(line),
  };
}

/** A stored line's income schedule, or undefined (unset on the wire) when it has none. */
function incomeScheduleToWire(line: InvoiceLine): invoicingV1.IncomeSchedule | undefined {
  if (line.incomeScheduleStartDate === null || line.incomeSchedulePeriods === null) return undefined;
  return { startDate: isoDate(line.incomeScheduleStartDate), periods: line.incomeSchedulePeriods };
}

export function taxLineToWire(taxLine: TaxLine, currency: string): invoicingV1.TaxLine {
  return {
    taxCode: taxLine.taxCode,
    ratePercent: taxLine.ratePercent.toFixed(),
    baseAmount: amount(taxLine.baseAmount, currency),
    taxAmount: amount(taxLine.taxAmount, currency),
  };
}

export function invoiceToWire(invoice: InvoiceRecord): invoicingV1.Invoice {
  return invoicingV1.Invoice.fromPartial({
    invoiceId: invoice.invoiceId,
    companyId: invoice.companyId,
    type: DOCUMENT_TYPES[invoice.type],
    status: STATUSES[invoice.status],
    customerId: invoice.customerId,
    draftNumber: formatDraftNumber(invoice.draftNumber),
    invoiceDate: isoDate(invoice.invoiceDate),
    dueDate: invoice.dueDate === null ? '' : isoDate(invoice.dueDate),
    currency: invoice.currency,
    creditTermsId: invoice.creditTermsId,
    reference: invoice.reference,
    lines: invoice.lines.map((line) => lineToWire(line, invoice.currency)),
    taxLines: invoice.taxLines.map((taxLine) => taxLineToWire(taxLine, invoice.currency)),
    netAmount: amount(invoice.netAmount, invoice.currency),
    taxAmount: amount(invoice.taxAmount, invoice.currency),
    totalAmount: amount(invoice.totalAmount, invoice.currency),
    number: invoice.number,
    transactionNumber: invoice.transactionNumber?.toString() ?? '0',
    ledgerEntryId: invoice.ledgerEntryId,
    errors: (invoice.errors as unknown as FieldError[]).map((reason) => ({ ...reason })),
    postingRunId: invoice.postingRunId,
    createdAt: invoice.createdAt,
    updatedAt: invoice.updatedAt,
  });
}

export function productToWire(product: Product): invoicingV1.Product {
  return {
    productId: product.productId,
    name: product.name,
    revenueAccount: product.revenueAccount,
    serialized: product.serialized,
    createsCustomerItem: product.createsCustomerItem,
  };
}

export function rejection(errors: readonly FieldError[]): commonV1.Rejection {
  return { errors: errors.map((reason) => ({ code: reason.code, message: reason.message, fieldPath: reason.fieldPath })) };
}

/** Stored amounts carry four decimals; on the wire they have exactly the currency's minor unit. */
function amount(value: Decimal, currency: string): string {
  return formatAmount(value, currency);
}

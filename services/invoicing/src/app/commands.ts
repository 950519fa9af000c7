import { rejected, type Outcome } from '@ledgerline/outcome';
import type { DocumentType, LineInput } from '../domain/types.js';

export interface CreateInvoiceCommand {
  companyId: string;
  invoiceId: string;
  type: DocumentType | undefined;
  customerId: string;
  invoiceDate: string;
  currency: string;
  reference: string;
  lines: LineInput[];
}

export type CreditCheckMode = 'NONE' | 'BALANCE' | 'BALANCE_PACKING_SLIPS' | 'BALANCE_ALL';

/** The payment taken together with posting (post and pay), as the caller sent it. */
export interface PostAndPayInput {
  paymentId: string;
  /** Decimal text, document currency. */
  amount: string;
  /** "YYYY-MM-DD". */
  paidDate: string;
  reference: string;
}

export interface RequestPostingCommand {
  companyId: string;
  invoiceId: string;
  requestId: string;
  /** Credit memos post as negative debits instead of credits. */
  creditCorrection: boolean;
  postingRunId: string;
  /** The credit-limit check posting applies; absent = NONE. */
  creditCheckMode?: CreditCheckMode;
  /** Post and pay; absent = no payment. Never in a posting run. */
  payment?: PostAndPayInput;
}

/** Replaces the date, reference and lines of an In Progress document. */
export interface AmendInvoiceCommand {
  companyId: string;
  invoiceId: string;
  invoiceDate: string;
  reference: string;
  lines: LineInput[];
}

export interface CreateProductCommand {
  companyId: string;
  productId: string;
  name: string;
  revenueAccount: string;
  serialized: boolean;
  createsCustomerItem: boolean;
}

export interface InvoiceFilter {
  statuses: string[];
  types: string[];
  customerId: string;
  invoiceDateFrom: string;
  invoiceDateTo: string;
  dueDateFrom: string;
  dueDateTo: string;
  invoiceIds: string[];
}

/** A use case's answer: its result, or every reason it was refused (nothing was changed). */
export type { Outcome };

export function refused<T>(code: string, message: string, fieldPath = ''): Outcome<T> {
  return rejected([{ code, message, fieldPath }]);
}

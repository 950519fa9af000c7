import type { RoundingMode } from '@ledgerline/money';
import type { BusinessError } from '@ledgerline/outcome';
import type { Decimal } from 'decimal.js';

export type DocumentType = 'SALES_ORDER' | 'FREE_TEXT' | 'DEBIT_MEMO' | 'CREDIT_MEMO';
export type InvoiceStatus = 'IN_PROGRESS' | 'READY_TO_POST' | 'COMPLETE' | 'DISCARDED';

/** Why input was refused, naming the field as the REST API spells it ("lines[2].quantity"). */
export type FieldError = BusinessError;

/** A distribution share as entered: by percent of the line's net amount or by amount. */
export interface DistributionInput {
  account: string;
  percent: string;
  amount: string;
}

/** One document line as the caller sent it: every number still a decimal string. */
export interface LineInput {
  description: string;
  quantity: string;
  unitPrice: string;
  lineDiscount: string;
  productId: string;
  account: string;
  taxCode: string;
  distribution: readonly DistributionInput[];
  serialNumbers: readonly string[];
  /** Undefined when the line's revenue is recognised at posting. */
  incomeSchedule?: IncomeSchedule | undefined;
}

/**
 * A line's income schedule (DESIGN 4.3, 4.4): its revenue is recognised over `periods` fiscal
 * periods from `startDate` instead of at posting. As entered until computeDocument has checked it.
 */
export interface IncomeSchedule {
  /** "YYYY-MM-DD". */
  startDate: string;
  periods: number;
}

/** A fiscal period of the company, as the ledger keeps it. */
export interface FiscalPeriod {
  /** "YYYY-MM". */
  period: string;
  /** "YYYY-MM-DD". */
  startDate: string;
  endDate: string;
}

export interface DocumentInput {
  type: DocumentType;
  currency: string;
  lines: readonly LineInput[];
}

/** What the company, its chart of accounts and its products say, for validating a document. */
export interface DocumentContext {
  taxRatesPercent: ReadonlyMap<string, Decimal>;
  /** The company's: how line amounts and tax are rounded to the currency's minor unit. */
  roundingMode: RoundingMode;
  accounts: ReadonlySet<string>;
  products: ReadonlyMap<string, ProductFacts>;
  /**
   * Most fiscal periods an income schedule may span: the limit the gateway and the ledger share
   * (INCOME_SCHEDULE_PERIODS_MAX of the contracts), passed in since domain code imports no contracts.
   */
  incomeSchedulePeriodsMax: number;
}

export interface ProductFacts {
  revenueAccount: string;
  serialized: boolean;
  createsCustomerItem: boolean;
}

export interface Distribution {
  account: string;
  percent: Decimal | undefined;
  amount: Decimal | undefined;
}

export interface ComputedLine {
  lineNumber: number;
  description: string;
  quantity: Decimal;
  unitPrice: Decimal;
  lineDiscount: Decimal;
  productId: string;
  account: string;
  taxCode: string;
  distribution: Distribution[];
  serialNumbers: string[];
  netAmount: Decimal;
  taxAmount: Decimal;
  serialized: boolean;
  createsCustomerItem: boolean;
  /** Undefined when the line's revenue is recognised at posting. */
  incomeSchedule: IncomeSchedule | undefined;
}

export interface ComputedTaxLine {
  taxCode: string;
  ratePercent: Decimal;
  baseAmount: Decimal;
  taxAmount: Decimal;
}

/** A validated document with its amounts, all rounded to the currency's minor unit. */
export interface ComputedDocument {
  lines: ComputedLine[];
  taxLines: ComputedTaxLine[];
  netAmount: Decimal;
  taxAmount: Decimal;
  totalAmount: Decimal;
}

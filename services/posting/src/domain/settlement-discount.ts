import { roundToCurrency, type RoundingMode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { addDays } from '@ledgerline/calendar';

/** Credit terms as far as the settlement discount is concerned. */
export interface CreditTermsRule {
  readonly creditTermsId: string;
  /** Discount in percent ("2" for 2 %); undefined when the terms give none. */
  readonly discountPercent: Decimal | undefined;
  /** Days from the document date within which the discount applies. */
  readonly discountDays: number;
}

export interface SettlementDiscount {
  /** Last day the discount applies, "YYYY-MM-DD". */
  readonly date: string;
  /** Discount in document currency, rounded to its minor unit. */
  readonly amount: Decimal;
}

/**
 * The settlement (cash) discount a document's terms give (DESIGN 4.3): it applies until the
 * document date plus the discount days, and is the total times the percent, rounded to the
 * currency once, in the company's rounding mode. Terms without a discount (none, or 0 %) give
 * none, and so does a discount that rounds to zero.
 */
export function settlementDiscountOf(
  invoiceDate: string,
  totalAmount: Decimal,
  currency: string,
  terms: CreditTermsRule,
  mode: RoundingMode,
): SettlementDiscount | undefined {
  const percent = terms.discountPercent;
  if (percent === undefined || percent.isZero()) return undefined;
  const amount = roundToCurrency(totalAmount.times(percent).dividedBy(100), currency, mode);
  // A discount that rounds to nothing (a zero-total document) is no discount.
  if (amount.isZero()) return undefined;
  return { date: addDays(invoiceDate, terms.discountDays), amount };
}

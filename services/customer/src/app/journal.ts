import { money } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { CompanyInfo } from '../domain/company.js';
import { ErrorCode, type BusinessError } from '../domain/errors.js';
import { paymentJournal, type PaymentJournal } from '../domain/payment-journal.js';
import type { LedgerPort } from './ports.js';

export interface PaymentToPost {
  paymentId: string;
  customerId: string;
  paidDate: string;
  currency: string;
  amount: Decimal;
  reference: string;
  /** The A/R control account the payment is credited to. */
  receivableAccount: string;
}

/**
 * The cash-receipts journal of a payment. Rates to the home and reporting currencies are "1"
 * when they are the payment's currency, else the ledger's rate valid on the paid date; without
 * one the payment is refused with EXCHANGE_RATE_MISSING, as the ledger would refuse its entry.
 */
export async function buildPaymentJournal(
  ledger: LedgerPort,
  company: CompanyInfo,
  payment: PaymentToPost,
): Promise<{ ok: true; journal: PaymentJournal } | { ok: false; errors: BusinessError[] }> {
  const rateTo = async (target: string) =>
    target === payment.currency ? money('1') : ledger.getExchangeRate(company.companyId, payment.currency, target, payment.paidDate);
  const [homeRate, reportingRate] = await Promise.all([rateTo(company.homeCurrency), rateTo(company.reportingCurrency)]);
  const missing = [
    ...(homeRate === undefined ? [company.homeCurrency] : []),
    ...(reportingRate === undefined ? [company.reportingCurrency] : []),
  ];
  if (homeRate === undefined || reportingRate === undefined) {
    return {
      ok: false,
      errors: [
        {
          code: ErrorCode.EXCHANGE_RATE_MISSING,
          message: `no exchange rate from ${payment.currency} to ${missing.join(' and ')} valid on ${payment.paidDate}`,
          fieldPath: 'paidDate',
        },
      ],
    };
  }
  return {
    ok: true,
    journal: paymentJournal({
      ...payment,
      homeCurrency: company.homeCurrency,
      reportingCurrency: company.reportingCurrency,
      roundingMode: company.roundingMode,
      homeRate,
      reportingRate,
    }),
  };
}

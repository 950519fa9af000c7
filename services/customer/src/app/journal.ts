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
 * The cash-receipts journal of a payment. The ledger converts it; a payment in a currency with
 * no rate to the home or reporting currency valid on the paid date is refused here, with
 * EXCHANGE_RATE_MISSING on paidDate, as the ledger would refuse its entry on the journal's fields.
 */
export async function buildPaymentJournal(
  ledger: LedgerPort,
  company: CompanyInfo,
  payment: PaymentToPost,
): Promise<{ ok: true; journal: PaymentJournal } | { ok: false; errors: BusinessError[] }> {
  const hasRate = async (target: string) =>
    target === payment.currency || (await ledger.getExchangeRate(company.companyId, payment.currency, target, payment.paidDate)) !== undefined;
  const [homeRateKnown, reportingRateKnown] = await Promise.all([hasRate(company.homeCurrency), hasRate(company.reportingCurrency)]);
  const missing = [...(homeRateKnown ? [] : [company.homeCurrency]), ...(reportingRateKnown ? [] : [company.reportingCurrency])];
  if (missing.length > 0) {
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
    journal: paymentJournal(payment),
  };
}

import type { Decimal } from 'decimal.js';

/** A payment as RecordPayment answers it and PaymentRecorded carries it. */
export interface PaymentView {
  companyId: string;
  paymentId: string;
  customerId: string;
  amount: Decimal;
  currency: string;
  paidDate: string;
  reference: string;
  applications: { documentId: string; amount: Decimal }[];
  unappliedAmount: Decimal;
  ledgerEntryId: string;
  recordedAt: Date;
}

import { allocateByPercents, fitsCurrency, isCurrencyCode, isMoneyError, MoneyDecimal, normalizeZero, sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  postingError,
  type DocumentLine,
  type IncomeScheduleTerms,
  type PostingDocument,
  type PostingError,
  type PostingRules,
} from './posting-document.js';

/**
 * What a voucher line stands for; lets the posted entry's home amounts be read back per role.
 * BANK is the cash a post-and-pay payment brings in.
 */
export type VoucherLineRole = 'RECEIVABLE' | 'REVENUE' | 'TAX' | 'BANK';

/** One journal line of a voucher, in document currency, signed: debit positive, credit negative. */
export interface VoucherLine {
  readonly role: VoucherLineRole;
  readonly account: string;
  readonly amount: Decimal;
  readonly description: string;
  /** The customer on the A/R line, empty elsewhere. */
  readonly customerId: string;
  /** A storno line: kept on the invoice's side with a negative amount (credit correction). */
  readonly correction: boolean;
  /**
   * On a revenue line that defers its amount: the account the ledger recognises it to, period by
   * period (the line itself is on the deferred revenue account).
   */
  readonly incomeSchedule?: LineIncomeSchedule | undefined;
  /** On a revenue line: the index of the document line it comes from, to name it in errors. */
  readonly documentLineIndex?: number | undefined;
}

/** A deferred revenue line's schedule as the ledger takes it. */
export interface LineIncomeSchedule extends IncomeScheduleTerms {
  readonly revenueAccount: string;
}

export interface Voucher {
  readonly lines: readonly VoucherLine[];
}

export type VoucherResult =
  | { readonly ok: true; readonly voucher: Voucher }
  | { readonly ok: false; readonly errors: readonly PostingError[] };

/** The ledger takes no entry of fewer lines: something is always debited and something credited. */
export const VOUCHER_LINES_MIN = 2;

/** Thrown when a built voucher does not balance: a bug in the rules, never a property of the input. */
export class UnbalancedVoucherError extends Error {
  constructor(invoiceId: string, difference: Decimal) {
    super(`voucher of invoice ${invoiceId} does not balance: lines sum to ${difference.toString()}`);
    this.name = 'UnbalancedVoucherError';
  }
}

interface RevenueShare {
  readonly account: string;
  readonly amount: Decimal;
}

const DOCUMENT_LABEL: Record<PostingDocument['documentType'], string> = {
  SALES_ORDER: 'Invoice',
  FREE_TEXT: 'Invoice',
  DEBIT_MEMO: 'Debit memo',
  CREDIT_MEMO: 'Credit memo',
};

/**
 * Builds the voucher of a document (DESIGN 4.3): debit the customer's A/R account with the
 * total; credit revenue per line (its account, or split by its distribution); credit tax payable
 * per tax code. A credit memo reverses the signs; with credit correction its lines keep the
 * invoice's sides with negative amounts instead (the signed amounts are the same, the lines are
 * flagged as corrections so the ledger books them as storno).
 *
 * Zero-price lines post 0.00 to revenue only when the company says so; the A/R line is always
 * there, even at 0.00, and a voucher always has at least two lines (a 0.00 revenue line is kept
 * when it would otherwise have fewer). Tax codes whose tax is zero post nothing: a 0.00 tax
 * line carries no information the ledger keeps.
 *
 * Input that cannot be posted (a distribution that does not add up, an unknown tax code,
 * document totals that contradict their lines) is answered with every reason found. The result
 * always balances; a voucher that would not is a bug and throws UnbalancedVoucherError.
 */
export function buildVoucher(document: PostingDocument, rules: PostingRules): VoucherResult {
  if (!isCurrencyCode(document.currency)) {
    return {
      ok: false,
      errors: [postingError('VALIDATION_FAILED', `"${document.currency}" is not an ISO 4217 currency`, 'currency')],
    };
  }
  const errors: PostingError[] = [...checkTotals(document)];

  const receivableAccount = receivableAccountOf(document.customerPostingGroup, rules);
  if (receivableAccount === '') {
    errors.push(postingError('UNKNOWN_ACCOUNT', 'the company has no accounts-receivable account for this customer'));
  }
  if (rules.deferredRevenueAccount === '') {
    const scheduled = document.lines.findIndex((line) => deferred(line));
    if (scheduled >= 0) {
      errors.push(
        postingError('UNKNOWN_ACCOUNT', 'the company has no deferred revenue account for lines with an income schedule', `lines[${scheduled}].incomeSchedule`),
      );
    }
  }

  const revenueByLine = document.lines.map((line, index) => revenueShares(line, index, document.currency, errors));

  const taxLines: { account: string; amount: Decimal; taxCode: string }[] = [];
  document.taxLines.forEach((taxLine, index) => {
    const account = rules.taxPayableAccountByCode.get(taxLine.taxCode);
    if (account === undefined || account === '') {
      errors.push(
        postingError('UNKNOWN_TAX_CODE', `tax code "${taxLine.taxCode}" is not one of the company's`, `taxLines[${index}].taxCode`),
      );
      return;
    }
    if (!taxLine.taxAmount.isZero()) taxLines.push({ account, amount: taxLine.taxAmount, taxCode: taxLine.taxCode });
  });

  if (errors.length > 0) return { ok: false, errors };

  const isCreditMemo = document.documentType === 'CREDIT_MEMO';
  const correction = isCreditMemo && document.creditCorrection;
  // Debit positive, credit negative: an invoice debits A/R, a credit memo credits it.
  const direction = isCreditMemo ? -1 : 1;
  const signed = (amount: Decimal, side: 1 | -1) => normalizeZero(direction * side === 1 ? amount : amount.neg());

  const lines: VoucherLine[] = [
    {
      role: 'RECEIVABLE',
      account: receivableAccount,
      amount: signed(document.totalAmount, 1),
      description: `${DOCUMENT_LABEL[document.documentType]} ${document.draftNumber}`.trim(),
      customerId: document.customerId,
      correction,
    },
  ];
  // A line with an income schedule is credited to deferred revenue; the ledger moves each share
  // to its revenue account period by period.
  const revenueLine = (line: DocumentLine, documentLineIndex: number, share: RevenueShare): VoucherLine => {
    const schedule = deferred(line) && !share.amount.isZero() ? line.incomeSchedule : undefined;
    return {
      role: 'REVENUE',
      account: schedule === undefined ? share.account : rules.deferredRevenueAccount,
      amount: signed(share.amount, -1),
      description: line.description,
      customerId: '',
      correction,
      documentLineIndex,
      ...(schedule === undefined ? {} : { incomeSchedule: { ...schedule, revenueAccount: share.account } }),
    };
  };

  let firstOmitted: { line: DocumentLine; index: number; share: RevenueShare } | undefined;
  document.lines.forEach((line, index) => {
    const shares = revenueByLine[index] ?? [];
    if (line.netAmount.isZero() && !rules.postZeroPriceLinesToRevenue) {
      const share = shares[0];
      if (firstOmitted === undefined && share !== undefined) firstOmitted = { line, index, share };
      return;
    }
    for (const share of shares) lines.push(revenueLine(line, index, share));
  });
  for (const taxLine of taxLines) {
    lines.push({
      role: 'TAX',
      account: taxLine.account,
      amount: signed(taxLine.amount, -1),
      description: `Tax ${taxLine.taxCode}`,
      customerId: '',
      correction,
    });
  }
  if (lines.length < VOUCHER_LINES_MIN && firstOmitted !== undefined) {
    lines.push(revenueLine(firstOmitted.line, firstOmitted.index, firstOmitted.share));
  }
  if (lines.length < VOUCHER_LINES_MIN) {
    return { ok: false, errors: [postingError('VALIDATION_FAILED', 'the document has no lines to post', 'lines')] };
  }

  const difference = sum(lines.map((line) => line.amount));
  if (!difference.isZero()) throw new UnbalancedVoucherError(document.invoiceId, difference);
  return { ok: true, voucher: { lines } };
}

/** The A/R account of a customer posting group (its posting profile), else the company's. */
export function receivableAccountOf(postingGroup: string, rules: Pick<PostingRules, 'receivableAccount' | 'receivableAccountByPostingGroup'>): string {
  const byGroup = postingGroup === '' ? undefined : rules.receivableAccountByPostingGroup.get(postingGroup);
  return byGroup ?? rules.receivableAccount;
}

/** The document's totals must be those of its lines, in the currency's minor unit. */
function checkTotals(document: PostingDocument): PostingError[] {
  const { currency } = document;
  const errors: PostingError[] = [];
  const amounts: [Decimal, string][] = [
    [document.netAmount, 'netAmount'],
    [document.taxAmount, 'taxAmount'],
    [document.totalAmount, 'totalAmount'],
    ...document.lines.map((line, index): [Decimal, string] => [line.netAmount, `lines[${index}].netAmount`]),
    ...document.taxLines.map((line, index): [Decimal, string] => [line.taxAmount, `taxLines[${index}].taxAmount`]),
  ];
  for (const [amount, path] of amounts) {
    if (!fitsCurrency(amount, currency)) {
      errors.push(postingError('VALIDATION_FAILED', `${amount.toString()} has more decimals than ${currency} allows`, path));
    }
  }
  if (errors.length > 0) return errors;
  const linesNet = sum(document.lines.map((line) => line.netAmount));
  if (!linesNet.equals(document.netAmount)) {
    errors.push(
      postingError('VALIDATION_FAILED', `net amount ${document.netAmount.toString()} is not the sum of the lines (${linesNet.toString()})`, 'netAmount'),
    );
  }
  const tax = sum(document.taxLines.map((line) => line.taxAmount));
  if (!tax.equals(document.taxAmount)) {
    errors.push(
      postingError('VALIDATION_FAILED', `tax amount ${document.taxAmount.toString()} is not the sum of the tax lines (${tax.toString()})`, 'taxAmount'),
    );
  }
  if (!document.netAmount.plus(document.taxAmount).equals(document.totalAmount)) {
    errors.push(postingError('VALIDATION_FAILED', 'total amount is not net amount plus tax amount', 'totalAmount'));
  }
  return errors;
}

/**
 * Where a line's net amount is credited: its account, or its distribution — percents split
 * the net with no cent lost or invented, amounts are taken as given and must add up to it.
 * Problems are added to `errors`; the shares are then empty.
 */
function revenueShares(line: DocumentLine, index: number, currency: string, errors: PostingError[]): RevenueShare[] {
  const path = `lines[${index}]`;
  if (line.distribution.length === 0) {
    if (line.account === '') {
      errors.push(postingError('VALIDATION_FAILED', `line ${line.lineNumber} has no revenue account`, `${path}.account`));
      return [];
    }
    return [{ account: line.account, amount: line.netAmount }];
  }
  const invalid = (message: string, field = 'distribution'): RevenueShare[] => {
    errors.push(postingError('DISTRIBUTION_INVALID', `line ${line.lineNumber}: ${message}`, `${path}.${field}`));
    return [];
  };
  const missingAccount = line.distribution.findIndex((share) => share.account === '');
  if (missingAccount >= 0) return invalid('a distribution share has no account', `distribution[${missingAccount}].account`);

  const percents = line.distribution.flatMap((share) => (share.percent === undefined ? [] : [share.percent]));
  if (percents.length === line.distribution.length) {
    try {
      const parts = allocateByPercents(line.netAmount, percents, currency);
      return line.distribution.map((share, i) => ({ account: share.account, amount: parts[i] ?? new MoneyDecimal(0) }));
    } catch (error) {
      if (isMoneyError(error) && error.code === 'INVALID_PERCENTS') {
        return invalid(`distribution percents must be positive and add up to 100, not ${sum(percents).toString()}`);
      }
      // The net amount's excess decimals are already reported with the document's totals.
      if (isMoneyError(error) && error.code === 'SCALE_EXCEEDS_CURRENCY') return [];
      throw error;
    }
  }
  const amounts = line.distribution.flatMap((share) => (share.amount === undefined ? [] : [share.amount]));
  if (amounts.length !== line.distribution.length) return invalid('distribution mixes percents and amounts');
  const tooPrecise = amounts.findIndex((amount) => !fitsCurrency(amount, currency));
  if (tooPrecise >= 0) return invalid(`distribution amount has more decimals than ${currency} allows`, `distribution[${tooPrecise}].amount`);
  const total = sum(amounts);
  if (!total.equals(line.netAmount)) {
    return invalid(`distribution amounts add up to ${total.toString()}, not the line's net amount ${line.netAmount.toString()}`);
  }
  return line.distribution.map((share, i) => ({ account: share.account, amount: amounts[i] ?? new MoneyDecimal(0) }));
}

/** A line whose revenue waits for its schedule; a zero line has nothing to recognise and posts as it is. */
function deferred(line: DocumentLine): line is DocumentLine & { incomeSchedule: IncomeScheduleTerms } {
  return line.incomeSchedule !== undefined && !line.netAmount.isZero();
}

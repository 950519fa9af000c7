import { convert, convertByReverseRate, MoneyDecimal, sum, type RoundingMode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { SettlementDiscount } from './settlement-discount.js';
import type { Voucher, VoucherLine, VoucherLineRole } from './voucher.js';

/** A line of the entry the ledger posted, as far as home amounts are concerned. */
export interface EntryLine {
  readonly account: string;
  /** Document currency, signed. */
  readonly amount: Decimal;
  /** Home currency, signed. */
  readonly homeAmount: Decimal;
  readonly customerId: string;
}

/** Home-currency figures of a posted document, positive as on the document (credit memos too). */
export interface HomeAmounts {
  readonly net: Decimal;
  readonly tax: Decimal;
  readonly total: Decimal;
}

/**
 * The document's home amounts as the ledger converted them: the total is the A/R line's home
 * amount, the tax the sum of the tax lines' home amounts, the net the rest. Reading them back
 * from the entry (rather than converting again here) keeps them equal to what the ledger booked,
 * rounding line included.
 *
 * The entry's lines are matched to the voucher's in order by account and amount; lines the
 * ledger added (rounding) match nothing. An entry that does not contain the voucher (a replay of
 * an entry posted from an earlier voucher) is read by its lines instead: the A/R line is the
 * customer's, the tax lines are those on the voucher's tax accounts.
 */
export function homeAmountsOf(voucher: Voucher, entryLines: readonly EntryLine[], isCreditMemo: boolean): HomeAmounts {
  const roles = matchRoles(voucher.lines, entryLines) ?? rolesByAccount(voucher.lines, entryLines);
  const direction = isCreditMemo ? -1 : 1;
  const homeOf = (role: VoucherLineRole) =>
    sum(entryLines.flatMap((line, index) => (roles[index] === role ? [line.homeAmount] : [])));
  const total = orientate(homeOf('RECEIVABLE'), direction);
  // Tax is credited on an invoice: its signed home amounts are negative there.
  const tax = orientate(homeOf('TAX'), -direction);
  return { net: total.minus(tax), tax, total };
}

/** The rate from a document's currency to the home currency, as the ledger answers it. */
export interface HomeRate {
  /** Units of home currency per unit of the document's; the reciprocal of `reverseRate` when that is set. */
  readonly rate: Decimal;
  /** The stored home -> document rate when only that pair is stored: the ledger converts by dividing by it. */
  readonly reverseRate: Decimal | undefined;
}

/**
 * Home settlement discount: the document-currency discount at the rate the document posted at,
 * rounded once to the home currency in the company's rounding mode, and converted as the ledger
 * converts the document (dividing by a stored reverse rate), so both agree to the minor unit.
 */
export function homeSettlementDiscountOf(discount: SettlementDiscount, homeRate: HomeRate, homeCurrency: string, mode: RoundingMode): Decimal {
  return homeRate.reverseRate === undefined
    ? convert(discount.amount, homeRate.rate, homeCurrency, mode)
    : convertByReverseRate(discount.amount, homeRate.reverseRate, homeCurrency, mode);
}

function matchRoles(voucherLines: readonly VoucherLine[], entryLines: readonly EntryLine[]) {
  const roles: (VoucherLineRole | undefined)[] = entryLines.map(() => undefined);
  let next = 0;
  for (const voucherLine of voucherLines) {
    while (
      next < entryLines.length &&
      !(entryLines[next]?.account === voucherLine.account && entryLines[next]?.amount.equals(voucherLine.amount))
    ) {
      next += 1;
    }
    if (next >= entryLines.length) return undefined;
    roles[next] = voucherLine.role;
    next += 1;
  }
  return roles;
}

function rolesByAccount(voucherLines: readonly VoucherLine[], entryLines: readonly EntryLine[]) {
  const receivable = voucherLines.find((line) => line.role === 'RECEIVABLE');
  const taxAccounts = new Set(voucherLines.filter((line) => line.role === 'TAX').map((line) => line.account));
  const receivableIndex = entryLines.findIndex(
    (line) => line.customerId !== '' && line.customerId === receivable?.customerId,
  );
  return entryLines.map((line, index): VoucherLineRole | undefined => {
    if (index === receivableIndex) return 'RECEIVABLE';
    return taxAccounts.has(line.account) ? 'TAX' : undefined;
  });
}

function orientate(value: Decimal, direction: number): Decimal {
  const result = direction === 1 ? value : value.neg();
  return result.isZero() ? new MoneyDecimal(0) : result;
}

import { formatAmount, money } from '@ledgerline/money';
import { isPeriodKey } from '../domain/calendar.js';
import type { LedgerDatabase } from '../db/client.js';
import { isIsoDate } from '@ledgerline/calendar';
import { accountBalance, findAccount, findCompany, findPeriod, fromDbDate, listAccounts, trialBalance } from '../db/company-store.js';
import { findEntriesOfSource, findLines } from '../db/journal-store.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits.js';
import { groupLines, storedEntryView } from './posting.js';
import type { AccountBalanceView, AccountView, JournalEntryView, TrialBalanceView } from './views.js';

/** A read that found nothing to answer: the transport turns it into NOT_FOUND or INVALID_ARGUMENT. */
export type Read<T> = { kind: 'found'; value: T } | { kind: 'not-found'; message: string } | { kind: 'invalid'; message: string };

function companyMissing(companyId: string): { kind: 'not-found'; message: string } {
  return { kind: 'not-found', message: `company ${companyId} does not exist` };
}

/** Cursors are opaque to callers; inside they carry the last account number of the page. */
function encodeCursor(account: string): string {
  return Buffer.from(account, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  if (cursor === '') return undefined;
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

export function queryUseCases(database: LedgerDatabase) {
  const { prisma } = database;
  return {
    async entriesBySource(companyId: string, sourceId: string): Promise<Read<JournalEntryView[]>> {
      const company = await prisma.company.findUnique({ where: { companyId } });
      if (company === null) return companyMissing(companyId);
      const entries = await findEntriesOfSource(prisma, companyId, sourceId);
      const lines = groupLines(await findLines(prisma, entries.map((entry) => entry.entryId)));
      return { kind: 'found', value: entries.map((entry) => storedEntryView(entry, lines.get(entry.entryId) ?? [], company)) };
    },

    async trialBalance(companyId: string, period: string): Promise<Read<TrialBalanceView>> {
      if (!isPeriodKey(period)) return { kind: 'invalid', message: 'period must be "YYYY-MM"' };
      const company = await findCompany(prisma, companyId);
      if (company === null) return companyMissing(companyId);
      const stored = await findPeriod(prisma, companyId, period);
      if (stored === null) return { kind: 'not-found', message: `period ${period} does not exist in company ${companyId}` };
      const rows = await trialBalance(prisma, companyId, fromDbDate(stored.startDate), fromDbDate(stored.endDate));
      const home = company.homeCurrency;
      const reporting = company.reportingCurrency;
      return {
        kind: 'found',
        value: {
          homeCurrency: home,
          reportingCurrency: reporting,
          accounts: rows.map((row) => ({
            account: row.account,
            name: row.name,
            homeBalance: formatAmount(money(row.homeBalance), home),
            reportingBalance: formatAmount(money(row.reportingBalance), reporting),
            homePeriodMovement: formatAmount(money(row.homeMovement), home),
            reportingPeriodMovement: formatAmount(money(row.reportingMovement), reporting),
          })),
        },
      };
    },

    async accountBalance(companyId: string, account: string, asOf: string, customerId: string): Promise<Read<AccountBalanceView>> {
      if (asOf !== '' && !isIsoDate(asOf)) return { kind: 'invalid', message: 'as_of must be a date that exists, "YYYY-MM-DD"' };
      const company = await prisma.company.findUnique({ where: { companyId }, select: { homeCurrency: true, reportingCurrency: true } });
      if (company === null) return companyMissing(companyId);
      const stored = await findAccount(prisma, companyId, account);
      if (stored === null) return { kind: 'not-found', message: `account ${account} does not exist in company ${companyId}` };
      const sums = await accountBalance(prisma, companyId, account, asOf === '' ? undefined : asOf, customerId === '' ? undefined : customerId);
      return {
        kind: 'found',
        value: {
          account,
          name: stored.name,
          asOf,
          customerId,
          homeCurrency: company.homeCurrency,
          homeBalance: formatAmount(money(sums.homeBalance), company.homeCurrency),
          reportingCurrency: company.reportingCurrency,
          reportingBalance: formatAmount(money(sums.reportingBalance), company.reportingCurrency),
        },
      };
    },

    async listAccounts(companyId: string, pageSize: number, cursor: string): Promise<Read<{ accounts: AccountView[]; nextCursor: string }>> {
      const size = pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
      // One more than the page tells whether another page follows without a count query.
      const rows = await listAccounts(prisma, companyId, decodeCursor(cursor), size + 1);
      // Every company has accounts, so only an empty page needs to ask whether the company exists.
      if (rows.length === 0 && (await prisma.company.findUnique({ where: { companyId }, select: { companyId: true } })) === null) {
        return companyMissing(companyId);
      }
      const page = rows.slice(0, size);
      const last = page.at(-1);
      return {
        kind: 'found',
        value: {
          accounts: page.map((row) => ({ account: row.account, name: row.name, type: row.type, control: row.control })),
          nextCursor: rows.length > size && last !== undefined ? encodeCursor(last.account) : '',
        },
      };
    },
  };
}

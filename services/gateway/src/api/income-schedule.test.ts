import type { z } from '@ledgerline/config';
import { INCOME_SCHEDULE_PERIODS_MAX, invoicingV1, ledgerV1 } from '@ledgerline/contracts';
import { describe, expect, it } from 'vitest';
import {
  amendInvoiceRequest,
  companyToJson,
  createInvoiceRequest,
  invoiceToJson,
  journalEntryToJson,
  updateSettingsRequest,
} from './mapping.js';
import { amendInvoiceBody, createInvoiceBody, updateSettingsBody } from './requests.js';
import { fieldErrors } from './validation.js';

/** Income schedules (DESIGN 4.3, 4.4) at the REST edge: what is accepted, and how it maps both ways. */

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error);
}
const paths = (schema: z.ZodType, input: unknown) => errorsOf(schema, input).map((error) => error.path);

const line = { description: 'Support contract', quantity: '1', unitPrice: '1200.00', account: '4100', taxCode: 'STD' };
const schedule = { startDate: '2026-12-01', periods: 12 };
const invoice = (...lines: unknown[]) => ({ type: 'FREE_TEXT', customerId: 'C-1', invoiceDate: '2026-11-15', lines });

describe('a line\u2019s income schedule in a request', () => {
  it('is optional, and accepted with a date that exists and 1 to the shared maximum of periods, null meaning none', () => {
    expect(errorsOf(createInvoiceBody, invoice({ ...line, incomeSchedule: schedule }, line))).toEqual([]);
    expect(errorsOf(createInvoiceBody, invoice({ ...line, incomeSchedule: { ...schedule, periods: INCOME_SCHEDULE_PERIODS_MAX } }))).toEqual([]);
    expect(errorsOf(createInvoiceBody, invoice({ ...line, incomeSchedule: null }))).toEqual([]);
  });

  it('is refused naming startDate or periods when the date does not exist or the periods are not a whole number 1-60', () => {
    const periods = `expected a whole number 1-${INCOME_SCHEDULE_PERIODS_MAX}`;
    expect(
      errorsOf(
        createInvoiceBody,
        invoice(
          { ...line, incomeSchedule: { startDate: '2026-02-30', periods: 0 } },
          { ...line, incomeSchedule: { startDate: '01.12.2026', periods: INCOME_SCHEDULE_PERIODS_MAX + 1 } },
          { ...line, incomeSchedule: { startDate: '2026-12-01', periods: 1.5 } },
          { ...line, incomeSchedule: { startDate: '2026-12-01', periods: '12' } },
        ),
      ),
    ).toEqual([
      { path: 'lines[0].incomeSchedule.startDate', message: 'no such date' },
      { path: 'lines[0].incomeSchedule.periods', message: periods },
      { path: 'lines[1].incomeSchedule.startDate', message: 'expected a date YYYY-MM-DD' },
      { path: 'lines[1].incomeSchedule.periods', message: periods },
      { path: 'lines[2].incomeSchedule.periods', message: periods },
      { path: 'lines[3].incomeSchedule.periods', message: periods },
    ]);
  });

  it('is refused when a field is missing, unknown or the schedule is not an object, on a change of a document too', () => {
    expect(paths(createInvoiceBody, invoice({ ...line, incomeSchedule: { startDate: '2026-12-01' } }))).toEqual(['lines[0].incomeSchedule.periods']);
    expect(paths(createInvoiceBody, invoice({ ...line, incomeSchedule: { ...schedule, revenueAccount: '4100' } }))).toEqual([
      'lines[0].incomeSchedule.revenueAccount',
    ]);
    expect(paths(amendInvoiceBody, { invoiceDate: '2026-11-15', lines: [line, { ...line, incomeSchedule: '2026-12-01/12' }] })).toEqual([
      'lines[1].incomeSchedule',
    ]);
  });

  it('reaches invoicing on create and amend as entered, and stays unset on a line without one', () => {
    const body = createInvoiceBody.parse(invoice({ ...line, incomeSchedule: schedule }, line, { ...line, incomeSchedule: null }));
    expect(createInvoiceRequest('acme', 'inv-1', body).lines.map((wire) => wire.incomeSchedule)).toEqual([schedule, undefined, undefined]);
    const amended = amendInvoiceBody.parse({ invoiceDate: '2026-11-15', lines: [line, { ...line, incomeSchedule: schedule }] });
    expect(amendInvoiceRequest('acme', 'inv-1', amended).lines.map((wire) => wire.incomeSchedule)).toEqual([undefined, schedule]);
  });
});

describe('income schedules in answers', () => {
  it('shows a line\u2019s schedule on the document, and null on a line without one', () => {
    const document = invoicingV1.Invoice.fromPartial({
      invoiceId: 'inv-1',
      lines: [
        { lineNumber: 1, description: 'Support contract', incomeSchedule: schedule },
        { lineNumber: 2, description: 'Setup' },
      ],
    });
    expect(invoiceToJson(document)).toMatchObject({ lines: [{ lineNumber: 1, incomeSchedule: schedule }, { lineNumber: 2, incomeSchedule: null }] });
  });

  it('shows the deferred revenue account in the company settings (null when not set) and passes a change of it to the ledger', () => {
    const settings = (deferredRevenueAccount: string) =>
      companyToJson(ledgerV1.Company.fromPartial({ companyId: 'acme', settings: { deferredRevenueAccount } })).settings.deferredRevenueAccount;
    expect([settings('2500'), settings('')]).toEqual(['2500', null]);
    const body = updateSettingsBody.parse({ deferredRevenueAccount: '2500' });
    expect(updateSettingsRequest('acme', body)).toMatchObject({ companyId: 'acme', deferredRevenueAccount: '2500', receivableAccount: undefined });
    expect(paths(updateSettingsBody, { deferredRevenueAccount: '' })).toEqual(['deferredRevenueAccount']);
  });

  it('shows the origin of an income-schedule entry and the schedule of a deferred line, null elsewhere', () => {
    const deferral = { revenueAccount: '4100', startDate: '2026-12-01', periods: 12 };
    const posted = journalEntryToJson(
      ledgerV1.JournalEntry.fromPartial({
        entryId: 'e-1',
        sourceId: 'inv-1',
        lines: [{ lineNumber: 1, account: '1200' }, { lineNumber: 2, account: '2500', incomeSchedule: deferral }],
      }),
    );
    expect([posted.originSourceId, posted.lines.map((json) => json.incomeSchedule)]).toEqual([null, [null, deferral]]);
    const recognised = journalEntryToJson(ledgerV1.JournalEntry.fromPartial({ entryId: 'e-2', sourceId: 'e-1/2/1', originSourceId: 'inv-1' }));
    expect(recognised.originSourceId).toBe('inv-1');
  });
});

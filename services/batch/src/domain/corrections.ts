import { isIsoDate } from '@ledgerline/calendar';
import { validationError, type BusinessError } from './errors.js';

/** Longest reason or corrector name kept in the audit trail. */
export const CORRECTION_TEXT_LENGTH_MAX = 500;

export type CorrectedField = 'invoiceDate' | 'dueDate' | 'paidDate';

/** The dates of an A/R posted transaction as they are now. */
export type CurrentDates =
  | { kind: 'DOCUMENT'; invoiceDate: string; dueDate: string }
  | { kind: 'PAYMENT'; paidDate: string };

/** A correction request; an empty date leaves that date unchanged. */
export interface DateCorrectionRequest {
  invoiceDate: string;
  dueDate: string;
  paidDate: string;
  reason: string;
  correctedBy: string;
}

export interface DateChange {
  field: CorrectedField;
  fromDate: string;
  toDate: string;
}

/**
 * The changes a correction makes, or why it cannot be made [001]: documents have an invoice
 * date and a due date (not before the invoice date), payments a paid date; a reason and the
 * corrector are required for the audit trail. Dates equal to the current ones are no change.
 */
export function dateChanges(current: CurrentDates, request: DateCorrectionRequest): { changes: DateChange[]; errors: BusinessError[] } {
  const errors: BusinessError[] = [];
  const given: [CorrectedField, string][] = (
    [
      ['invoiceDate', request.invoiceDate],
      ['dueDate', request.dueDate],
      ['paidDate', request.paidDate],
    ] as [CorrectedField, string][]
  ).filter(([, value]) => value !== '');
  if (given.length === 0) errors.push(validationError('', 'give at least one of invoiceDate, dueDate, paidDate'));
  for (const [field, value] of given) {
    if (!isIsoDate(value)) errors.push(validationError(field, `"${value}" is not a YYYY-MM-DD date`));
    const applies = current.kind === 'DOCUMENT' ? field !== 'paidDate' : field === 'paidDate';
    if (!applies) errors.push(validationError(field, current.kind === 'DOCUMENT' ? 'a posted document has no paid date' : 'a payment has only a paid date'));
  }
  if (request.reason.trim() === '' || request.reason.length > CORRECTION_TEXT_LENGTH_MAX) {
    errors.push(validationError('reason', `a reason of 1 to ${CORRECTION_TEXT_LENGTH_MAX} characters is required`));
  }
  if (request.correctedBy === '' || request.correctedBy.length > CORRECTION_TEXT_LENGTH_MAX) {
    errors.push(validationError('correctedBy', 'the corrector is required'));
  }
  if (errors.length > 0) return { changes: [], errors };
  const currentValues: Partial<Record<CorrectedField, string>> =
    current.kind === 'DOCUMENT' ? { invoiceDate: current.invoiceDate, dueDate: current.dueDate } : { paidDate: current.paidDate };
  if (current.kind === 'DOCUMENT') {
    const invoiceDate = request.invoiceDate === '' ? current.invoiceDate : request.invoiceDate;
    const dueDate = request.dueDate === '' ? current.dueDate : request.dueDate;
    if (dueDate < invoiceDate) return { changes: [], errors: [validationError('dueDate', `due date ${dueDate} is before invoice date ${invoiceDate}`)] };
  }
  const changes = given
    .map(([field, toDate]) => ({ field, fromDate: currentValues[field] ?? '', toDate }))
    .filter((change) => change.fromDate !== change.toDate);
  return { changes, errors: [] };
}

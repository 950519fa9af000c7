import { z } from '@ledgerline/config';
import { CREDIT_CHECK_MODE_NAMES, DOCUMENT_TYPE_NAMES } from './requests.js';
import { parseDraftNumber } from '@ledgerline/contracts';
import { draftNumber, expected, isoDate, queryFlag, recordId, text } from './validation.js';

/** Schemas of the posting-run requests (DESIGN 4.3); strict objects like every other request. */

/** Most documents an explicit list may name (the posting service's limit). */
export const POSTING_RUN_INVOICE_IDS_MAX = 10_000;
/** Longest run description. */
export const POSTING_RUN_DESCRIPTION_LENGTH_MAX = 500;

export const postingRunPath = z.strictObject({ company: recordId(), postingRunId: recordId() });

export const postingRunSelection = z
  .strictObject({
    documentTypes: z.array(z.enum(DOCUMENT_TYPE_NAMES, expected(`one of ${DOCUMENT_TYPE_NAMES.join(', ')}`))).max(DOCUMENT_TYPE_NAMES.length).optional(),
    customerFrom: recordId().optional(),
    customerTo: recordId().optional(),
    numberFrom: draftNumber().optional(),
    numberTo: draftNumber().optional(),
    invoiceDateFrom: isoDate().optional(),
    invoiceDateTo: isoDate().optional(),
    dueDateFrom: isoDate().optional(),
    dueDateTo: isoDate().optional(),
    invoiceIds: z.array(recordId()).max(POSTING_RUN_INVOICE_IDS_MAX, `at most ${POSTING_RUN_INVOICE_IDS_MAX} ids`).optional(),
  })
  .superRefine((selection, context) => {
    for (const [from, to] of [
      ['customerFrom', 'customerTo'],
      ['invoiceDateFrom', 'invoiceDateTo'],
      ['dueDateFrom', 'dueDateTo'],
    ] as const) {
      const start = selection[from];
      const end = selection[to];
      if (start !== undefined && end !== undefined && start > end) context.addIssue({ code: 'custom', path: [to], message: `must not be before ${from}` });
    }
    // Draft numbers order by their number: "D-1000000" comes after "D-999999".
    const [numberFrom, numberTo] = [selection.numberFrom, selection.numberTo].map((text) => (text === undefined ? undefined : parseDraftNumber(text)));
    if (numberFrom !== undefined && numberTo !== undefined && numberFrom > numberTo) {
      context.addIssue({ code: 'custom', path: ['numberTo'], message: 'must not be before numberFrom' });
    }
  });

export const createPostingRunBody = z.strictObject({
  id: recordId(),
  selection: postingRunSelection,
  creditCheckMode: z.enum(CREDIT_CHECK_MODE_NAMES, expected(`one of ${CREDIT_CHECK_MODE_NAMES.join(', ')}`)).optional(),
  creditCorrection: z.boolean(expected('true or false')).optional(),
  description: text(POSTING_RUN_DESCRIPTION_LENGTH_MAX).optional(),
});

/** ?documents=true adds every document of the report and every result to the answer. */
export const postingRunQuery = z.strictObject({ documents: queryFlag() });

export type CreatePostingRunBody = z.output<typeof createPostingRunBody>;

export const RECURRENCE_INCREMENT_NAMES = ['DAY', 'WEEK', 'MONTH'] as const;

export const recurringRunPath = z.strictObject({ company: recordId(), recurringRunId: recordId() });

export const createRecurringRunBody = z.strictObject({
  id: recordId(),
  selection: postingRunSelection,
  increment: z.enum(RECURRENCE_INCREMENT_NAMES, expected(`one of ${RECURRENCE_INCREMENT_NAMES.join(', ')}`)),
  firstRunAt: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2026-12-01T06:00:00Z' }),
  creditCheckMode: z.enum(CREDIT_CHECK_MODE_NAMES, expected(`one of ${CREDIT_CHECK_MODE_NAMES.join(', ')}`)).optional(),
  creditCorrection: z.boolean(expected('true or false')).optional(),
  description: text(POSTING_RUN_DESCRIPTION_LENGTH_MAX).optional(),
});

export type CreateRecurringRunBody = z.output<typeof createRecurringRunBody>;

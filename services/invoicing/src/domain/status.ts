import type { FieldError, InvoiceStatus } from './types.js';

/**
 * The document life cycle [004]: In Progress -> Ready to Post -> Complete; a failed posting
 * returns the document to In Progress; only In Progress documents may be posted or discarded.
 * Ready to Post and Complete documents cannot be amended, discarded or posted again.
 */
export function postingRefusal(status: InvoiceStatus): FieldError | undefined {
  switch (status) {
    case 'IN_PROGRESS':
      return undefined;
    case 'READY_TO_POST':
      return { code: 'INVALID_STATE', message: 'the document is queued for posting and cannot be posted again until its posting finishes', fieldPath: '' };
    case 'COMPLETE':
      return { code: 'ALREADY_POSTED', message: 'the document is posted and cannot be posted again', fieldPath: '' };
    case 'DISCARDED':
      return { code: 'INVALID_STATE', message: 'the document was discarded and cannot be posted', fieldPath: '' };
  }
}

/** Only an In Progress document's date, reference and lines can be replaced. */
export function amendRefusal(status: InvoiceStatus): FieldError | undefined {
  switch (status) {
    case 'IN_PROGRESS':
      return undefined;
    case 'READY_TO_POST':
      return { code: 'INVALID_STATE', message: 'the document is queued for posting and cannot be amended', fieldPath: '' };
    case 'COMPLETE':
      return { code: 'INVALID_STATE', message: 'the document is posted and cannot be amended', fieldPath: '' };
    case 'DISCARDED':
      return { code: 'INVALID_STATE', message: 'the document was discarded and cannot be amended', fieldPath: '' };
  }
}

export function discardRefusal(status: InvoiceStatus): FieldError | undefined {
  switch (status) {
    case 'IN_PROGRESS':
      return undefined;
    case 'READY_TO_POST':
      return { code: 'INVALID_STATE', message: 'the document is queued for posting and cannot be discarded', fieldPath: '' };
    case 'COMPLETE':
      return { code: 'INVALID_STATE', message: 'the document is posted and cannot be discarded', fieldPath: '' };
    case 'DISCARDED':
      return { code: 'INVALID_STATE', message: 'the document is already discarded', fieldPath: '' };
  }
}

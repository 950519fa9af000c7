import { parseDraftNumber } from '@ledgerline/contracts';
import { postingError, type PostingError } from '../domain/posting-document.js';

/**
 * What is wrong with a draft number range (ends included, "" = open): an end that is not a draft
 * number, or an end before the start, compared by number ("D-999999" comes before "D-1000000").
 */
export function draftNumberRangeErrors(from: string, to: string, path: string): PostingError[] {
  const errors: PostingError[] = [];
  const ends: (bigint | undefined)[] = [];
  for (const [text, side] of [
    [from, 'from'],
    [to, 'to'],
  ] as const) {
    const value = text === '' ? undefined : parseDraftNumber(text);
    if (text !== '' && value === undefined) errors.push(postingError('VALIDATION_FAILED', `"${text}" is not a draft number such as D-000123`, `${path}.${side}`));
    ends.push(value);
  }
  const [start, end] = ends;
  if (start !== undefined && end !== undefined && start > end) errors.push(postingError('VALIDATION_FAILED', 'the range ends before it starts', `${path}.to`));
  return errors;
}

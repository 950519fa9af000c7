import { ErrorCode, fieldPath, invalid, type BusinessError } from './outcome.js';

/**
 * Linked journals, as TigerBeetle's linked events: a journal marked `linked` posts only together
 * with the next journal of its call, so a chain (linked journals and the first unlinked one
 * after them) posts entirely or not at all. Post and pay uses it so that a document never posts
 * without the payment that came with it.
 */
export interface ChainMember {
  /** The journal's `linked` flag. */
  linked: boolean;
  /** Posted by this call or before it; false when it is refused. */
  accepted: boolean;
}

/**
 * The reasons that make every chain atomic, by journal index: a member that would post is
 * refused with LINKED_JOURNAL_REFUSED when another member of its chain is refused, and a linked
 * last journal is refused for leaving its chain open (which refuses the rest of the chain). A
 * member refused on its own account is listed only for that open chain, a reason to add to its
 * own. `prefixOf` names a journal in field paths ("journals[3]"). A member posted before the call
 * (a replay) counts as accepted; should its chain break, it is listed like the others, and the
 * caller answers what is already posted.
 */
export function chainRefusals(members: readonly ChainMember[], prefixOf: (index: number) => string): Map<number, BusinessError[]> {
  const refusals = new Map<number, BusinessError[]>();
  let start = 0;
  while (start < members.length) {
    let end = start;
    while ((members[end] as ChainMember).linked && end + 1 < members.length) end += 1;
    const last = members[end] as ChainMember;
    const refused: number[] = [];
    if (last.linked) {
      refusals.set(end, [invalid(fieldPath(prefixOf(end), 'linked'), 'the last journal of a call cannot be linked: its chain has no end')]);
      refused.push(end);
    }
    for (let index = start; index <= end; index += 1) {
      if (!(members[index] as ChainMember).accepted) refused.push(index);
    }
    if (end > start && refused.length > 0) {
      const culprit = prefixOf(Math.min(...refused));
      for (let index = start; index <= end; index += 1) {
        if (refused.includes(index)) continue;
        refusals.set(index, [
          {
            code: ErrorCode.LINKED_JOURNAL_REFUSED,
            message: `not posted: ${culprit}, linked with it, was refused`,
            fieldPath: prefixOf(index),
          },
        ]);
      }
    }
    start = end + 1;
  }
  return refusals;
}

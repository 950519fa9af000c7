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
  /** Would post, or was posted before the call; false when it is refused. */
  accepted: boolean;
  /** Its source was posted before the call (a replay). */
  replayed: boolean;
}

/**
 * The reasons that make every chain atomic, by journal index: a member that would post is
 * refused with LINKED_JOURNAL_REFUSED when another member of its chain is refused, and a linked
 * last journal is refused for leaving its chain open (which refuses the rest of the chain). A
 * member refused on its own account is listed only for that open chain, a reason to add to its
 * own. `prefixOf` names a journal in field paths ("journals[3]").
 *
 * A chain posted before answers as replays, all of its members. A chain that mixes sources
 * posted before with new ones that would post was never posted together: the sources posted
 * before are refused with CONFLICT (their ids are taken by other entries), and so the whole chain
 * is. Otherwise a member posted before is never refused: its entry exists whatever the rest of
 * its chain does now.
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
    const chain = members.slice(start, end + 1);
    if (chain.some((member) => member.replayed) && chain.some((member) => !member.replayed && member.accepted)) {
      for (let index = start; index <= end; index += 1) {
        if (!(members[index] as ChainMember).replayed) continue;
        refusals.set(index, [
          {
            code: ErrorCode.CONFLICT,
            message: `${prefixOf(index)}: its source was posted before, not with this chain; give it an id of its own`,
            fieldPath: fieldPath(prefixOf(index), 'sourceId'),
          },
        ]);
        refused.push(index);
      }
    }
    for (let index = start; index <= end; index += 1) {
      if (!(members[index] as ChainMember).accepted) refused.push(index);
    }
    if (end > start && refused.length > 0) {
      const culprit = prefixOf(Math.min(...refused));
      for (let index = start; index <= end; index += 1) {
        if (refused.includes(index) || (members[index] as ChainMember).replayed) continue;
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

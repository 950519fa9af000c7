import { describe, expect, it } from 'vitest';
import { chainRefusals, type ChainMember } from './linked-chains.js';

const prefixOf = (index: number) => `journals[${index}]`;
const posts: ChainMember = { linked: false, accepted: true, replayed: false };
const postsLinked: ChainMember = { linked: true, accepted: true, replayed: false };
const refused: ChainMember = { linked: false, accepted: false, replayed: false };
const refusedLinked: ChainMember = { linked: true, accepted: false, replayed: false };
const replayedLinked: ChainMember = { linked: true, accepted: true, replayed: true };
const replayed: ChainMember = { linked: false, accepted: true, replayed: true };

function codes(refusals: Map<number, { code: string; fieldPath: string }[]>): [number, string, string][] {
  return [...refusals].flatMap(([index, errors]) => errors.map((error): [number, string, string] => [index, error.code, error.fieldPath]));
}

describe('chainRefusals', () => {
  it('leaves unlinked journals to stand or fall alone', () => {
    expect(codes(chainRefusals([posts, refused, posts], prefixOf))).toEqual([]);
  });

  it('leaves a chain whose members all post as it is', () => {
    expect(codes(chainRefusals([postsLinked, postsLinked, posts, posts], prefixOf))).toEqual([]);
  });

  it('refuses the members before a refused one in their chain, naming it', () => {
    const refusals = chainRefusals([posts, postsLinked, refused, posts], prefixOf);
    expect(codes(refusals)).toEqual([[1, 'LINKED_JOURNAL_REFUSED', 'journals[1]']]);
    expect(refusals.get(1)?.[0]?.message).toBe('not posted: journals[2], linked with it, was refused');
  });

  it('refuses the members after a refused one in their chain', () => {
    expect(codes(chainRefusals([refusedLinked, postsLinked, posts, posts], prefixOf))).toEqual([
      [1, 'LINKED_JOURNAL_REFUSED', 'journals[1]'],
      [2, 'LINKED_JOURNAL_REFUSED', 'journals[2]'],
    ]);
  });

  it('refuses a chain left open by a linked last journal', () => {
    expect(codes(chainRefusals([posts, postsLinked, postsLinked], prefixOf))).toEqual([
      [2, 'VALIDATION_FAILED', 'journals[2].linked'],
      [1, 'LINKED_JOURNAL_REFUSED', 'journals[1]'],
    ]);
  });

  it('refuses a lone linked journal of a call of one', () => {
    expect(codes(chainRefusals([postsLinked], prefixOf))).toEqual([[0, 'VALIDATION_FAILED', 'journals[0].linked']]);
  });

  it('answers a chain posted before as it is', () => {
    expect(codes(chainRefusals([replayedLinked, replayed], prefixOf))).toEqual([]);
  });

  it('refuses a chain that mixes a source posted before with a new one, the old source with CONFLICT', () => {
    expect(codes(chainRefusals([postsLinked, replayed], prefixOf))).toEqual([
      [1, 'CONFLICT', 'journals[1].sourceId'],
      [0, 'LINKED_JOURNAL_REFUSED', 'journals[0]'],
    ]);
  });

  it('never refuses a source posted before when only new members of its chain are refused', () => {
    expect(codes(chainRefusals([replayedLinked, refused], prefixOf))).toEqual([]);
  });
});

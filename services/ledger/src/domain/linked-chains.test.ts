import { describe, expect, it } from 'vitest';
import { chainRefusals, type ChainMember } from './linked-chains.js';

const prefixOf = (index: number) => `journals[${index}]`;
const posts: ChainMember = { linked: false, accepted: true };
const postsLinked: ChainMember = { linked: true, accepted: true };
const refused: ChainMember = { linked: false, accepted: false };
const refusedLinked: ChainMember = { linked: true, accepted: false };

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
});

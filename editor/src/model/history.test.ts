import { describe, expect, it } from 'vitest';
import { commit, COALESCE_MS, redo, startHistory, undo } from './history.ts';
import type { RawBot } from './types.ts';

const bot = (name: string) => ({ id: 'b', name }) as unknown as RawBot;

describe('history', () => {
  it('undoes and redoes whole definitions', () => {
    const a = bot('a');
    const b = bot('b');
    const c = bot('c');
    let h = commit(commit(startHistory(a), b, null, 0), c, null, 10);
    expect(h.present).toBe(c);
    h = undo(h);
    expect(h.present).toBe(b);
    h = undo(h);
    expect(h.present).toBe(a);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(b);
    // A new edit drops the redo branch.
    h = commit(h, bot('d'), null, 20);
    expect(h.future).toEqual([]);
    expect(h.past).toEqual([a, b]);
  });

  it('merges a burst of edits to one field into one step', () => {
    const a = bot('a');
    let h = startHistory(a);
    h = commit(h, bot('x'), 'reply', 1000);
    h = commit(h, bot('xy'), 'reply', 1000 + COALESCE_MS / 2);
    h = commit(h, bot('xyz'), 'reply', 1000 + COALESCE_MS);
    expect(h.past).toEqual([a]);
    h = commit(h, bot('other'), 'name', 1000 + COALESCE_MS + 1);
    expect(h.past.length).toBe(2);
    expect(undo(undo(h)).present).toBe(a);
  });

  it('ignores a no-op edit', () => {
    const h = startHistory(bot('a'));
    expect(commit(h, h.present)).toBe(h);
  });
});

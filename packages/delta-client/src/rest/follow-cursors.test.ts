import { describe, expect, it } from 'vitest';
import { type CursorPage, followCursors } from './follow-cursors.ts';

interface Page extends CursorPage {
  items: number[];
}

/** A server whose page for cursor `c` is `pages[c]` (the first page is under ''). */
function server(pages: Record<string, Page>) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (after: string | undefined) => {
    asked.push(after);
    return pages[after ?? '']!;
  };
  return { fetchPage, asked };
}

async function readAll(pages: AsyncIterable<Page>): Promise<number[]> {
  const items: number[] = [];
  for await (const page of pages) items.push(...page.items);
  return items;
}

describe('followCursors', () => {
  it('follows every cursor, empty pages included, until the server gives none', async () => {
    const s = server({
      '': { items: [5, 4], after: 'a' },
      a: { items: [], after: 'b' },
      b: { items: [3], after: undefined },
    });
    expect(await readAll(followCursors(s.fetchPage, { path: '/v2/fills' }))).toEqual([5, 4, 3]);
    expect(s.asked).toEqual([undefined, 'a', 'b']);
  });

  it('fails loudly when a cursor comes back instead of looping or stopping early', async () => {
    const s = server({
      '': { items: [5], after: 'a' },
      a: { items: [4], after: 'b' },
      b: { items: [3], after: 'a' },
    });
    await expect(readAll(followCursors(s.fetchPage, { path: '/v2/fills' }))).rejects.toMatchObject({
      kind: 'transient',
      code: 'pagination_incomplete',
      path: '/v2/fills',
    });
  });

  it('fails loudly past its page limit, never returning part of the history as all of it', async () => {
    const s = server({
      '': { items: [5], after: 'a' },
      a: { items: [4], after: 'b' },
      b: { items: [3], after: undefined },
    });
    await expect(
      readAll(followCursors(s.fetchPage, { path: '/v2/fills', maxPages: 2 })),
    ).rejects.toMatchObject({
      code: 'pagination_incomplete',
    });
    expect(await readAll(followCursors(s.fetchPage, { path: '/v2/fills', maxPages: 3 }))).toEqual([5, 4, 3]);
  });
});

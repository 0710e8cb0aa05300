import { badSchema } from '../../engine/errors.ts';
import { intParam } from './parse.ts';

const encode = (id: number) => Buffer.from(`id:${id}`).toString('base64url');

function decode(cursor: string, name: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = Number(text.slice(3));
  if (!text.startsWith('id:') || !Number.isInteger(id)) throw badSchema(`invalid ${name} cursor`, name);
  return id;
}

/**
 * Delta's cursor pagination over records sorted newest first: `after` pages towards older
 * records, `before` towards newer ones; `meta.after` is null on the last page.
 */
export function paginate<T extends { id: number }>(
  newestFirst: T[],
  query: URLSearchParams,
  defaultSize = 100,
) {
  const pageSize = Math.min(Math.max(intParam(query, 'page_size') ?? defaultSize, 1), 1000);
  const after = query.get('after');
  const before = query.get('before');
  let items = newestFirst;
  if (after) {
    const id = decode(after, 'after');
    items = items.filter((r) => r.id < id);
  } else if (before) {
    const id = decode(before, 'before');
    items = items.filter((r) => r.id > id);
    items = items.slice(Math.max(0, items.length - pageSize));
  }
  const page = items.slice(0, pageSize);
  const last = page[page.length - 1];
  const first = page[0];
  const hasOlder = last !== undefined && newestFirst.some((r) => r.id < last.id);
  const hasNewer = first !== undefined && newestFirst.some((r) => r.id > first.id);
  return {
    page,
    meta: {
      after: hasOlder && last ? encode(last.id) : null,
      before: hasNewer && first ? encode(first.id) : null,
      limit: pageSize,
      total_count: newestFirst.length,
    },
  };
}

import { HttpError } from '../errors/http-error.ts';

/** Where a page starts: after the row with this creation time and id (newest first). */
interface Position {
  createdAt: Date;
  id: string;
}

const invalidCursor = () =>
  new HttpError(400, 'bad_request', 'querystring.cursor: not a cursor from a previous page');

export function encodeCursor(row: Position): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (
    id === undefined ||
    extra !== undefined ||
    Number.isNaN(createdAt.getTime()) ||
    !/^[0-9a-f-]{36}$/.test(id)
  )
    throw invalidCursor();
  return { createdAt, id };
}

/** Prisma arguments of one page: newest first, ties broken by id, one extra row to see if more follow. */
export function pageArgs(query: { limit: number; cursor?: string | undefined }) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return {
    where:
      after === undefined
        ? {}
        : {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          },
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    take: query.limit + 1,
  };
}

/** Cuts the extra row off and names the cursor of the next page (null on the last). */
export function toPage<T extends Position>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

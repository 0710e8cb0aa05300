import { DeltaError } from '../errors/delta-error.ts';

export interface CursorPage {
  /** Cursor for the next page; undefined when there is none. */
  after: string | undefined;
}

export interface FollowCursorsOptions {
  /** GET path, for the error. */
  path: string;
  /** Cursor to start from. */
  after?: string | undefined;
  /** Fail (rather than stop) when more pages than this are needed. @defaultValue no limit */
  maxPages?: number | undefined;
}

/**
 * Reads pages by Delta's `after` cursors until the server gives none, so a history is either read
 * whole or not at all: a cursor that comes back (a server that would loop) or a page limit reached
 * fails with `pagination_incomplete` instead of returning part of it as if it were everything.
 */
export async function* followCursors<P extends CursorPage>(
  fetchPage: (after: string | undefined) => Promise<P>,
  options: FollowCursorsOptions,
): AsyncGenerator<P, void, undefined> {
  const seen = new Set<string>();
  let after = options.after;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(after);
    yield page;
    if (page.after === undefined) return;
    if (seen.has(page.after)) throw incomplete(options.path, `a cursor came back after ${pages} pages`);
    if (options.maxPages !== undefined && pages >= options.maxPages) {
      throw incomplete(options.path, `more than ${options.maxPages} pages`);
    }
    seen.add(page.after);
    after = page.after;
  }
}

function incomplete(path: string, why: string): DeltaError {
  return new DeltaError({
    kind: 'transient',
    code: 'pagination_incomplete',
    message: `GET ${path}: stopped reading pages (${why}); nothing read is complete`,
    method: 'GET',
    path,
  });
}

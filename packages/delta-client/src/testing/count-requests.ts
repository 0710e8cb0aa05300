import { subscribe, unsubscribe } from 'node:diagnostics_channel';

interface RequestCreateMessage {
  request: { origin?: unknown; path?: unknown };
}

/** Counts HTTP requests undici creates towards `origin` (observed in-process, before any byte is sent). */
export function countRequests(origin: string): { readonly count: number; stop(): void } {
  let count = 0;
  const onCreate = (message: unknown) => {
    const { request } = message as RequestCreateMessage;
    if (String(request.origin) === origin) count += 1;
  };
  subscribe('undici:request:create', onCreate);
  return {
    get count() {
      return count;
    },
    stop: () => unsubscribe('undici:request:create', onCreate),
  };
}

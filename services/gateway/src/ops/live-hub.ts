import { api } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';

export type LiveListener = (event: api.LiveEvent) => void;

/** One Redis subscription per gateway process, fanned out to every open stream. */
export interface LiveHub {
  /** Calls `listener` for each live event until the returned function is called. */
  listen(listener: LiveListener): () => void;
  /** Open listeners (streams) in this process. */
  readonly size: number;
}

/**
 * Parses what the audit service publishes on the live-events channel; a message that does not parse
 * is logged and dropped (streams resume from the database on reconnect anyway).
 */
export function createLiveHub(
  subscribe: (onMessage: (message: string) => void) => Promise<void>,
  logger: Logger,
): { hub: LiveHub; ready: Promise<void> } {
  const listeners = new Set<LiveListener>();
  const ready = subscribe((message) => {
    let event: api.LiveEvent;
    try {
      event = api.liveEvent.parse(JSON.parse(message));
    } catch (error) {
      logger.warn({ err: error }, 'live event dropped: not a live event');
      return;
    }
    for (const listener of listeners) listener(event);
  });
  const hub: LiveHub = {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return listeners.size;
    },
  };
  return { hub, ready };
}

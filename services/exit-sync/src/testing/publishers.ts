import type { AuditEvent } from '@copytrade/contracts';
import type { EventPublisher } from '@copytrade/runtime';

/** An audit queue that refuses every event, as one whose connection is gone. */
export const refusingPublisher: EventPublisher<AuditEvent> = {
  publish: async () => {
    throw new Error('Connection is closed.');
  },
  publishMany: async () => {
    throw new Error('Connection is closed.');
  },
  flush: async () => {},
};

/** An audit queue that keeps what it is given in `events`. */
export function collectingPublisher(events: AuditEvent[]): EventPublisher<AuditEvent> {
  return {
    publish: async (event) => void events.push(event),
    publishMany: async (batch) => void events.push(...batch),
    flush: async () => {},
  };
}

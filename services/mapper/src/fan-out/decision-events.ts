import type { AuditEvent } from '@copytrade/contracts';

/**
 * A fan-out's audit events, by follow, kept while its decisions are made and queued after: the queue's
 * add then runs neither inside the master's serial section (the next fill of the same master need not
 * wait for it) nor beside the decisions' own Redis steps.
 */
export class DecisionEvents {
  readonly #byFollow = new Map<string, AuditEvent[]>();

  add(followId: string, event: AuditEvent): void {
    const events = this.#byFollow.get(followId);
    if (events === undefined) this.#byFollow.set(followId, [event]);
    else events.push(event);
  }

  /** Every event, each follow's in the order it recorded them. */
  all(): AuditEvent[] {
    return [...this.#byFollow.values()].flat();
  }

  /** The follows that recorded something. */
  follows(): string[] {
    return [...this.#byFollow.keys()];
  }
}

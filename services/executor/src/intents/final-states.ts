import type { IntentState } from './intent-row.ts';

/**
 * Terminal states. `accepted`: the placement answered with the order. `resolved`: the outcome was
 * learned by looking the order up after a lost or doubtful answer (adopted). `expired`: an opening
 * leg whose signal was too old, never sent.
 */
export const terminalStates: ReadonlySet<IntentState> = new Set([
  'accepted',
  'rejected',
  'resolved',
  'expired',
]);

/**
 * The terminal states of the intents this process settled or read, the latest `capacity` of them.
 * A terminal state never changes (every transition is conditional on an open state), so what is
 * remembered here is still true: the kicks of a burst whose legs another drain of this process
 * already sent learn their outcome without a query.
 */
export class FinalStates {
  readonly #states = new Map<string, IntentState>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  remember(clientOrderId: string, state: IntentState): void {
    if (!terminalStates.has(state)) return;
    this.#states.delete(clientOrderId);
    this.#states.set(clientOrderId, state);
    if (this.#states.size > this.#capacity) {
      const oldest = this.#states.keys().next();
      if (!oldest.done) this.#states.delete(oldest.value);
    }
  }

  get(clientOrderId: string): IntentState | undefined {
    return this.#states.get(clientOrderId);
  }
}

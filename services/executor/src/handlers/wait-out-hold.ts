import { setTimeout as sleep } from 'node:timers/promises';
import { OutboxHeld } from '../errors/drain-signals.ts';

/** What became of a kick that found its outbox held by another process. */
export type HoldOutcome = 'drained' | 'still_held';

// The first looks come soon (exit-sync's read of a position at 0 ms exchange latency is a few ms),
// then every 10 ms: a Redis step each, and a hold is rare.
const POLL_MS = [1, 2, 4, 8];
const MAX_POLL_MS = 10;

/**
 * Runs a drain, and again while another process holds its outbox (`OutboxHeld`), for up to `waitMs`:
 * exit-sync holds a follower's drain lock while it reads the position, and a kick that met that hold
 * used to wait in a delayed job of its own, tens of milliseconds. Once `waitMs` is spent the hold is
 * thrown as before (the kick waits in its job). Each hold met is counted by how it ended.
 */
export async function waitOutHold<T>(
  drain: () => Promise<T>,
  waitMs: number,
  counted: (outcome: HoldOutcome) => void,
): Promise<T> {
  const giveUpAt = performance.now() + waitMs;
  let held = false;
  for (let poll = 0; ; poll += 1) {
    try {
      const result = await drain();
      if (held) counted('drained');
      return result;
    } catch (error) {
      if (!(error instanceof OutboxHeld)) throw error;
      held = true;
      const pause = Math.min(POLL_MS[poll] ?? MAX_POLL_MS, giveUpAt - performance.now());
      if (pause <= 0) {
        counted('still_held');
        throw error;
      }
      await sleep(pause);
    }
  }
}

import type { Redis } from '@copytrade/runtime';
import type { ExecutorScripts } from '../scripts/load-scripts.ts';

/** A follower's per-symbol outbox, read from the head; entries leave only by compare-and-pop. */
export interface Outbox {
  readonly key: string;
  readonly deadKey: string;
  head(): Promise<string | null>;
  /** Pops the head if it is still `entry`; false when something else moved it. */
  pop(entry: string): Promise<boolean>;
  /** Moves an unreadable head to `<outbox>:dead`. */
  deadLetter(entry: string): Promise<boolean>;
}

export function openOutbox(redis: Redis, scripts: ExecutorScripts, key: string): Outbox {
  const deadKey = `${key}:dead`;
  return {
    key,
    deadKey,
    head: () => redis.lindex(key, 0),
    pop: (entry) => scripts.popHead(key, entry),
    deadLetter: (entry) => scripts.deadLetterHead(key, deadKey, entry),
  };
}

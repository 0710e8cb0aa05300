import { readFileSync } from 'node:fs';
import { type OrderLeg, orderLeg } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { safeJson } from './safe-json.ts';

const script = readFileSync(new URL('./retry-dead-legs-2.lua', import.meta.url), 'utf8');

/** The executor's dead-letter list of an outbox (see the executor's `openOutbox`). */
export const deadLetterKey = (outboxKey: string) => `${outboxKey}:dead`;

/**
 * Puts an outbox's dead-lettered legs back at its tail, atomically; returns the legs moved that
 * parse (an unreadable entry goes back too, and the executor dead-letters it again).
 */
export async function requeueDeadLegs(redis: Redis, outboxKey: string): Promise<OrderLeg[]> {
  const entries = (await redis.eval(script, 2, deadLetterKey(outboxKey), outboxKey)) as string[];
  return entries.flatMap((entry) => {
    const parsed = orderLeg.safeParse(safeJson(entry));
    return parsed.success ? [parsed.data] : [];
  });
}

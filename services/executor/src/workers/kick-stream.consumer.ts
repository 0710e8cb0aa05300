import { copyKickGroup, parseKickStreamEntry } from '@copytrade/contracts';
import { consumeStream, entryFinisher, type Logger, type Redis, type StreamEntry } from '@copytrade/runtime';
import {
  drainStreamKicks,
  type DrainStreamKicksDeps,
  type StreamKick,
} from '../handlers/drain-stream-kicks.ts';

export interface KickStreamOptions {
  /** A connection of its own: the read blocks it. */
  blocking: Redis;
  /** For acknowledgements and claims (auto-pipelined: a read's acks go in one write). */
  redis: Redis;
  streamKey: string;
  /** This process's consumer name: its heartbeat's instance id. */
  consumer: string;
  /** Whether an executor instance is alive (its heartbeat key exists). */
  aliveKey(instanceId: string): string;
  /** Entries read at once; at most twice as many are drained at a time. */
  readCount: number;
  /** How long a read waits for entries, and how often the entries of dead executors are claimed. */
  claimEveryMs: number;
  /** Whether the copy-orders queue is paused (Bull Board): the stream's kicks wait while it is. */
  paused(): Promise<boolean>;
  drain: Omit<DrainStreamKicksDeps, 'done' | 'logger'>;
  logger: Logger;
}

export interface KickStreamConsumer {
  /** Stops reading, waits for the entries read to be drained. */
  stop(): Promise<void>;
}

/**
 * The executor's side of the kick stream: reads the mapper's kicks in the executors' consumer group
 * (each entry goes to one executor) and drains them. The read itself is the wake-up: no job to take
 * or finish. Entries read by an executor that died unacknowledged are claimed by a live one as soon
 * as its liveness key is gone.
 */
export async function consumeKickStream(options: KickStreamOptions): Promise<KickStreamConsumer> {
  const { redis, streamKey, logger } = options;
  const deps: DrainStreamKicksDeps = {
    ...options.drain,
    done: entryFinisher(redis, streamKey, copyKickGroup),
    logger,
  };
  return consumeStream({
    blocking: options.blocking,
    redis,
    streamKey,
    group: copyKickGroup,
    consumer: options.consumer,
    readCount: options.readCount,
    blockMs: options.claimEveryMs,
    paused: options.paused,
    claim: () => claimKicksOfDead(redis, options),
    handle: (entries) => drainStreamKicks(deps, entries.map(toKick)),
    logger,
  });
}

function toKick({ id, fields }: StreamEntry): StreamKick {
  return { id, entry: parseKickStreamEntry(fields) };
}

/**
 * The entries that executors no longer alive had read and not acknowledged, claimed for this one;
 * their consumers are then removed from the group.
 */
async function claimKicksOfDead(redis: Redis, options: KickStreamOptions): Promise<StreamEntry[]> {
  const { streamKey, consumer } = options;
  const summary = (await redis.xpending(streamKey, copyKickGroup)) as [number, ...unknown[]];
  const consumers = (summary[3] ?? []) as [name: string, pending: string][];
  const claimed: StreamEntry[] = [];
  for (const [name] of consumers) {
    if (name === consumer || (await redis.exists(options.aliveKey(name))) === 1) continue;
    for (;;) {
      const pending = (await redis.xpending(streamKey, copyKickGroup, '-', '+', 500, name)) as [string][];
      if (pending.length === 0) break;
      const ids = pending.map(([id]) => id);
      const entries = (await redis.xclaim(streamKey, copyKickGroup, consumer, 0, ...ids)) as [
        string,
        string[] | null,
      ][];
      // An entry deleted meanwhile comes back empty (or not at all): nothing left to drain there.
      const gone = ids.filter((id) => !entries.some(([got, fields]) => got === id && fields !== null));
      if (gone.length > 0) await redis.xack(streamKey, copyKickGroup, ...gone);
      if (entries.length === 0 && gone.length === 0) break;
      for (const [id, fields] of entries) if (fields !== null) claimed.push({ id, fields });
    }
    await redis.xgroup('DELCONSUMER', streamKey, copyKickGroup, name);
    options.logger.info({ executor: name, kicks: claimed.length }, 'kicks of an executor gone were claimed');
  }
  return claimed;
}

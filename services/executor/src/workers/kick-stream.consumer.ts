import { copyKickGroup, parseKickStreamEntry } from '@copytrade/contracts';
import type { Logger, Redis } from '@copytrade/runtime';
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
  /**
   * Whether the copy-orders queue is paused (Bull Board, the gateway): the stream's kicks wait while
   * it is, as its jobs do. Asked every `PAUSED_CHECK_MS` beside the reads, not before each.
   */
  paused(): Promise<boolean>;
  drain: Omit<DrainStreamKicksDeps, 'done' | 'logger'>;
  logger: Logger;
}

/** How often a paused consumer looks again. */
const PAUSED_CHECK_MS = 250;

export interface KickStreamConsumer {
  /** Stops reading, waits for the entries read to be drained. */
  stop(): Promise<void>;
}

type ReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The executor's side of the kick stream: reads the mapper's kicks in the executors' consumer group
 * (each entry goes to one executor) and drains them. The read itself is the wake-up: no job to take
 * or finish. Entries read by an executor that died unacknowledged are claimed by a live one.
 */
export async function consumeKickStream(options: KickStreamOptions): Promise<KickStreamConsumer> {
  const { blocking, redis, streamKey, consumer, logger } = options;
  const maxInFlight = options.readCount * 2;
  const inFlight = new Set<string>();
  const batches = new Set<Promise<void>>();
  let stopping = false;
  const deps: DrainStreamKicksDeps = {
    ...options.drain,
    async done(id) {
      await Promise.all([redis.xack(streamKey, copyKickGroup, id), redis.xdel(streamKey, id)]);
    },
    logger,
  };

  const drain = (kicks: StreamKick[]) => {
    const fresh = kicks.filter((k) => !inFlight.has(k.id));
    if (fresh.length === 0) return;
    for (const k of fresh) inFlight.add(k.id);
    const batch = drainStreamKicks(deps, fresh).finally(() => {
      for (const k of fresh) inFlight.delete(k.id);
      batches.delete(batch);
    });
    batches.add(batch);
  };

  await ensureGroup(redis, streamKey);
  // Read in the background: a check before each read would cost every kick a round trip.
  let paused = await options.paused();
  const pauseWatch = setInterval(() => {
    options.paused().then(
      (now) => {
        paused = now;
      },
      () => {},
    );
  }, PAUSED_CHECK_MS);
  pauseWatch.unref();
  let nextClaimAt = 0;
  const loop = (async () => {
    while (!stopping) {
      try {
        if (paused) {
          await sleep(PAUSED_CHECK_MS);
          continue;
        }
        if (Date.now() >= nextClaimAt) {
          nextClaimAt = Date.now() + options.claimEveryMs;
          drain(await claimKicksOfDead(redis, options));
        }
        while (inFlight.size >= maxInFlight && !stopping) await Promise.race(batches);
        if (stopping) break;
        const reply = (await blocking.xreadgroup(
          'GROUP',
          copyKickGroup,
          consumer,
          'COUNT',
          options.readCount,
          'BLOCK',
          options.claimEveryMs,
          'STREAMS',
          streamKey,
          '>',
        )) as ReadReply;
        // A read that was waiting when the pause came: its kicks wait too (a stop leaves them to a claim).
        while (paused && !stopping) await sleep(PAUSED_CHECK_MS);
        if (stopping) break;
        for (const [, entries] of reply ?? []) drain(entries.map(toKick));
      } catch (error) {
        if (stopping) break;
        // The stream or its group is gone (a Redis that lost its data): made again, read from its start.
        if (String(error).includes('NOGROUP')) await ensureGroup(redis, streamKey).catch(() => {});
        else logger.warn({ err: error }, 'kick stream read failed; reading again');
        await sleep(200);
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      clearInterval(pauseWatch);
      // Ends the blocked read at once; the entries it was waiting for stay for the next executor.
      blocking.disconnect();
      await loop;
      await Promise.all(batches);
    },
  };
}

function toKick([id, fields]: [string, string[]]): StreamKick {
  return { id, entry: parseKickStreamEntry(fields) };
}

/** The group, reading from the stream's start: what is in it is still to be drained. */
async function ensureGroup(redis: Redis, streamKey: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', streamKey, copyKickGroup, '0', 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
}

/**
 * The entries that executors no longer alive had read and not acknowledged, claimed for this one;
 * their consumers are then removed from the group.
 */
async function claimKicksOfDead(redis: Redis, options: KickStreamOptions): Promise<StreamKick[]> {
  const { streamKey, consumer } = options;
  const summary = (await redis.xpending(streamKey, copyKickGroup)) as [number, ...unknown[]];
  const consumers = (summary[3] ?? []) as [name: string, pending: string][];
  const claimed: StreamKick[] = [];
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
      for (const [id, fields] of entries) if (fields !== null) claimed.push(toKick([id, fields]));
    }
    await redis.xgroup('DELCONSUMER', streamKey, copyKickGroup, name);
    options.logger.info({ executor: name, kicks: claimed.length }, 'kicks of an executor gone were claimed');
  }
  return claimed;
}

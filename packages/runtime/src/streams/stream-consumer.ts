import { Gauge } from 'prom-client';
import type { Logger } from '../logger/create-logger.ts';
import type { Metrics } from '../metrics/create-metrics.ts';
import type { Redis } from '../redis/create-redis.ts';

/** One entry of a stream as read: its id and its fields (`[name, value, …]`). */
export interface StreamEntry {
  id: string;
  fields: string[];
}

export interface StreamConsumerOptions {
  /** A connection of its own: the read blocks it. */
  blocking: Redis;
  /** For the group, claims and acknowledgements. */
  redis: Redis;
  streamKey: string;
  group: string;
  /** This process's name in the group. */
  consumer: string;
  /** Entries read at once; at most twice as many are handled at a time. */
  readCount: number;
  /** How long a read waits for entries, and so how often `claim` runs. */
  blockMs: number;
  /**
   * Whether the entries should wait (the matching BullMQ queue paused in Bull Board): asked every
   * `PAUSED_CHECK_MS` beside the reads, not before each, which would cost every entry a round trip.
   */
  paused(): Promise<boolean>;
  /** Entries other consumers read and will not finish (they died), taken over for this one. */
  claim(inFlight: ReadonlySet<string>): Promise<StreamEntry[]>;
  /** Handles the entries of one read; acknowledges each that is done with (`entryFinisher`). */
  handle(entries: StreamEntry[]): Promise<void>;
  logger: Logger;
}

export interface StreamConsumer {
  /** The ids of the entries being handled now. */
  inFlight(): ReadonlySet<string>;
  /** Stops reading, waits for the entries read to be handled, and leaves the group when none is left. */
  stop(): Promise<void>;
}

type ReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

/** How often a paused consumer looks again. */
export const PAUSED_CHECK_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads a Redis stream in a consumer group (each entry goes to one consumer) and hands each read to
 * `handle`: the blocked read is the consumer's wake-up, so an entry costs no job to take or finish.
 * What a dead consumer read and did not acknowledge comes back through `claim`; the group is made
 * again when Redis lost it (a restart without persistence), reading from the stream's start.
 */
export async function consumeStream(options: StreamConsumerOptions): Promise<StreamConsumer> {
  const { blocking, redis, streamKey, group, logger } = options;
  const maxInFlight = options.readCount * 2;
  const inFlight = new Set<string>();
  const batches = new Set<Promise<void>>();
  let stopping = false;

  const handle = (entries: StreamEntry[]) => {
    const fresh = entries.filter((e) => !inFlight.has(e.id));
    if (fresh.length === 0) return;
    for (const e of fresh) inFlight.add(e.id);
    const batch = options
      .handle(fresh)
      .catch((error: unknown) => logger.error({ err: error, streamKey }, 'stream entries left pending'))
      .finally(() => {
        for (const e of fresh) inFlight.delete(e.id);
        batches.delete(batch);
      });
    batches.add(batch);
  };

  // Its reconnects are ioredis's; a read that fails meanwhile is logged by the loop below.
  blocking.on('error', (error: unknown) => logger.debug({ err: error, streamKey }, 'stream read connection'));
  await ensureGroup(redis, streamKey, group);
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
          nextClaimAt = Date.now() + options.blockMs;
          handle(await options.claim(inFlight));
        }
        while (inFlight.size >= maxInFlight && !stopping) await Promise.race(batches);
        if (stopping) break;
        const reply = (await blocking.xreadgroup(
          'GROUP',
          group,
          options.consumer,
          'COUNT',
          options.readCount,
          'BLOCK',
          options.blockMs,
          'STREAMS',
          streamKey,
          '>',
        )) as ReadReply;
        // A read that was waiting when the pause came: its entries wait too (a stop leaves them to a claim).
        while (paused && !stopping) await sleep(PAUSED_CHECK_MS);
        if (stopping) break;
        for (const [, entries] of reply ?? []) handle(entries.map(([id, fields]) => ({ id, fields })));
      } catch (error) {
        if (stopping) break;
        if (String(error).includes('NOGROUP')) await ensureGroup(redis, streamKey, group).catch(() => {});
        else logger.warn({ err: error, streamKey }, 'stream read failed; reading again');
        await sleep(200);
      }
    }
  })();

  return {
    inFlight: () => inFlight,
    async stop() {
      stopping = true;
      clearInterval(pauseWatch);
      // Ends the blocked read at once; the entries it was waiting for stay for the next consumer.
      blocking.disconnect();
      await loop;
      await Promise.all(batches);
      await leaveGroup(redis, streamKey, group, options.consumer).catch((error: unknown) =>
        logger.warn({ err: error, streamKey }, 'stream consumer not removed from its group'),
      );
    },
  };
}

/**
 * Removes a stopped consumer from the group, so restarts do not pile names up in it; one that still
 * has entries pending stays, for a claim to find them (removing it would drop them).
 */
async function leaveGroup(redis: Redis, streamKey: string, group: string, consumer: string): Promise<void> {
  const pending = (await redis.xpending(streamKey, group, '-', '+', 1, consumer)) as unknown[];
  if (pending.length === 0) await redis.xgroup('DELCONSUMER', streamKey, group, consumer);
}

/** The group, reading from the stream's start: what is in the stream is still to be handled. */
export async function ensureGroup(redis: Redis, streamKey: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', streamKey, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
}

/**
 * Entries that consumers other than this one read more than `minIdleMs` ago and never acknowledged,
 * claimed for `consumer` (`XAUTOCLAIM`); entries deleted meanwhile are dropped by Redis itself.
 * Entries this process is handling (`inFlight`) are left out of what is returned.
 */
export async function claimIdle(
  redis: Redis,
  streamKey: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  inFlight: ReadonlySet<string>,
): Promise<StreamEntry[]> {
  const claimed: StreamEntry[] = [];
  let cursor = '0-0';
  do {
    const [next, entries] = (await redis.xautoclaim(
      streamKey,
      group,
      consumer,
      minIdleMs,
      cursor,
      'COUNT',
      500,
    )) as [string, [string, string[] | null][]];
    cursor = next;
    for (const [id, fields] of entries)
      if (fields !== null && !inFlight.has(id)) claimed.push({ id, fields });
  } while (cursor !== '0-0');
  return claimed;
}

/** Resets the idle time of the entries this consumer is still handling, so no claim takes them. */
export async function keepClaimed(
  redis: Redis,
  streamKey: string,
  group: string,
  consumer: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length > 0) await redis.xclaim(streamKey, group, consumer, 0, ...ids, 'JUSTID');
}

/**
 * A stream's depth at each scrape, as `copytrade_queue_jobs` gives a queue's: entries not yet
 * handled (`all`), and of those the ones a consumer has read and is handling (`read`).
 */
export function watchStream(
  metrics: Metrics,
  redis: Redis,
  stream: string,
  streamKey: string,
  group: string,
): void {
  gaugeOf(metrics).streams.push({ redis, stream, streamKey, group });
}

interface Watched {
  redis: Redis;
  stream: string;
  streamKey: string;
  group: string;
}

const gauges = new WeakMap<Metrics, { streams: Watched[] }>();

function gaugeOf(metrics: Metrics): { streams: Watched[] } {
  let entry = gauges.get(metrics);
  if (entry) return entry;
  const streams: Watched[] = [];
  entry = { streams };
  gauges.set(metrics, entry);
  new Gauge({
    name: 'copytrade_stream_entries',
    help: 'Entries per stream not yet handled (all), and those a consumer is handling (read)',
    labelNames: ['stream', 'state'],
    registers: [metrics.registry],
    async collect() {
      for (const s of streams) {
        const [length, pending] = await Promise.all([
          s.redis.xlen(s.streamKey),
          s.redis.xpending(s.streamKey, s.group).catch(() => [0]) as Promise<[number]>,
        ]);
        this.set({ stream: s.stream, state: 'all' }, length);
        this.set({ stream: s.stream, state: 'read' }, Number(pending[0] ?? 0));
      }
    },
  });
  return entry;
}

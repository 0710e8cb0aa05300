import { type MasterFillJob, masterFillGroup, parseFillStreamEntry } from '@copytrade/contracts';
import {
  claimIdle,
  consumeStream,
  entryFinisher,
  keepClaimed,
  type Logger,
  type Redis,
  type StreamConsumer,
  type StreamEntry,
} from '@copytrade/runtime';
import { copyAttributes, copySpans, withSpan, withTraceContext } from '@copytrade/telemetry';

export interface FillStreamOptions {
  /** A connection of its own: the read blocks it. */
  blocking: Redis;
  redis: Redis;
  streamKey: string;
  /** This process's name in the mappers' group. */
  consumer: string;
  /** Fills read at once (at most twice as many fanned out at a time). */
  readCount: number;
  /**
   * A fill read by a mapper that has not touched it for this long is taken over by another (it died),
   * as a BullMQ job's lock lapses; a live mapper renews its fills' at half of it.
   */
  claimIdleMs: number;
  /** Whether the master-fills queue is paused (Bull Board): the stream's fills wait while it is. */
  paused(): Promise<boolean>;
  /** Fans one fill out (`mapMasterFill`). */
  mapFill(job: MasterFillJob): Promise<unknown>;
  /** A fill whose fan-out failed, as a master-fills job: the queue retries it with its backoff. */
  handOff(job: MasterFillJob): Promise<void>;
  /** Keeps an unreadable entry where operators see it (a failed master-fills job). */
  deadLetter(id: string, error: string): Promise<void>;
  logger: Logger;
}

/**
 * The mapper's side of the fill stream: reads the listener's master fills in the mappers' consumer
 * group and fans each out. The read is the wake-up: no job to add, take or finish on the copy path.
 * A fan-out that fails goes to a master-fills job, where retries and backoff work as for any job.
 */
export async function consumeFillStream(options: FillStreamOptions): Promise<StreamConsumer> {
  const { redis, streamKey, consumer, logger } = options;
  const done = entryFinisher(redis, streamKey, masterFillGroup);
  const handleOne = async ({ id, fields }: StreamEntry) => {
    try {
      const entry = parseFillStreamEntry(fields);
      if (!entry.ok) {
        await options.deadLetter(id, entry.error);
        return done(id);
      }
      const job = entry.value;
      try {
        await withTraceContext(entry.trace, () =>
          withSpan(copySpans.streamFill, { [copyAttributes.fillId]: job.fillId }, () => options.mapFill(job)),
        );
      } catch (error) {
        logger.warn({ err: error, correlationId: job.correlationId }, 'fan-out failed; retried as a job');
        await options.handOff(job);
      }
      await done(id);
    } catch (error) {
      logger.error({ err: error, entryId: id }, 'fill stream entry left pending');
    }
  };
  const stream = await consumeStream({
    blocking: options.blocking,
    redis,
    streamKey,
    group: masterFillGroup,
    consumer,
    readCount: options.readCount,
    blockMs: Math.max(100, Math.floor(options.claimIdleMs / 2)),
    paused: options.paused,
    claim: (inFlight) =>
      claimIdle(redis, streamKey, masterFillGroup, consumer, options.claimIdleMs, inFlight),
    handle: async (entries) => {
      await Promise.all(entries.map(handleOne));
    },
    logger,
  });
  // The fills being fanned out stay this consumer's: their idle time is reset before it could lapse.
  const renew = setInterval(
    () => {
      keepClaimed(redis, streamKey, masterFillGroup, consumer, [...stream.inFlight()]).catch(
        (error: unknown) => logger.warn({ err: error }, 'fill stream entries not renewed'),
      );
    },
    Math.max(100, Math.floor(options.claimIdleMs / 2)),
  );
  renew.unref();
  return {
    inFlight: stream.inFlight,
    async stop() {
      await stream.stop();
      clearInterval(renew);
    },
  };
}

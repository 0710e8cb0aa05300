import { z } from 'zod';
import { breakerState } from '../broker-breaker.ts';
import { uuid } from '../primitives.ts';
import { killSwitchState } from './kill-switch.ts';

const queueCounts = z.object({
  name: z.string(),
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  prioritized: z.number().int(),
  waitingChildren: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
});

const percentiles = z.object({
  /** Copies with a latency in the window. */
  count: z.number().int(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
});

/** Operators: the platform at a glance. */
export const systemStatus = z
  .object({
    at: z.iso.datetime(),
    /** Executor processes whose heartbeat key is alive, with their last beat. */
    executors: z.array(z.object({ instanceId: z.string(), lastBeatAt: z.iso.datetime().nullable() })),
    /**
     * Which listener replica watches each master (its lease), and until when the lease holds unless
     * renewed (null: a lease without expiry, set by hand).
     */
    listeners: z.array(
      z.object({ masterAccountId: uuid, replica: z.string(), until: z.iso.datetime().nullable() }),
    ),
    queues: z.array(queueCounts),
    /**
     * The copy path's streams (`master-fills`: the listener's fills to the mappers; `copy-kicks`: the
     * mappers' kicks to the executors), which Bull Board does not show: entries not yet handled
     * (`entries`), and of those the ones a consumer has read and is handling (`read`).
     */
    streams: z.array(z.object({ name: z.string(), entries: z.number().int(), read: z.number().int() })),
    killSwitch: killSwitchState,
    /**
     * Each broker host's circuit as last recorded by an executor (the last change any of them saw),
     * and which executor instance saw it: compare with `executors` for one that is gone.
     */
    breakers: z.array(
      z.object({ host: z.string(), state: breakerState, at: z.iso.datetime(), instanceId: z.string() }),
    ),
    /** Accounts whose exchange key is held after a 429, until when. */
    rateLimited: z.array(z.object({ accountId: z.string(), until: z.iso.datetime() })),
    /** Master fill detected → follower order accepted, in ms, over the last `windowSeconds`. */
    copyLatencyMs: percentiles.extend({ windowSeconds: z.number().int() }),
    /** Live-event streams (SSE and WebSocket) open on the gateway replica that answered. */
    liveStreams: z.number().int(),
    /** Follow positions per exit-sync state (in_sync, drifting, repairing, failed, frozen). */
    drift: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'SystemStatus' });
export type SystemStatus = z.infer<typeof systemStatus>;

import { z } from 'zod';
import { monitorResult } from '../jobs/monitor.ts';
import { symbol, uuid } from '../primitives.ts';
import { apiError } from './errors.ts';

/** "Monitor now": one master (clients: one they follow or own), or every watched master (operators). */
export const monitorTriggerBody = z.strictObject({ masterAccountId: uuid.optional() });
/** What the listener found, per master (the monitor job's result). */
export const monitorTriggerResult = monitorResult.meta({ id: 'MonitorResult' });

/** Reconcile one follower account with the exchange (clients: their own), or every follower (operators). */
export const reconcileTriggerBody = z.strictObject({ followerAccountId: uuid.optional() });

/** Operators: put a follower's dead-lettered legs on one symbol back on its outbox and drain it. */
export const retryTriggerBody = z.strictObject({ followerAccountId: uuid, symbol });
export const retryTriggerResult = z.object({
  /** Client order ids of the legs moved back, oldest first. */
  moved: z.array(z.string()),
  /** The copy-orders job that drains them (none when nothing was dead-lettered). */
  jobId: z.string().nullable(),
});

/** A queued job the caller does not wait for. */
export const acceptedJob = z.object({ jobId: z.string() });

/** Statuses a trigger adds to the usual errors: the worker did not answer in time, or failed. */
export const triggerErrorResponses = { 502: apiError, 504: apiError } as const;

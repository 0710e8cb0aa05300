import { z } from 'zod';
import { uuid } from '../primitives.ts';

/** Why a reconcile runs: its timer, a listener that found missed fills, or someone asked. */
export const reconcileReason = z.enum(['cycle', 'listener', 'manual']);

/**
 * → exit-sync. `cycle` fans out to every follower with a follow; `master` to the followers of one
 * master; `follower` reconciles one follower account against the exchange.
 */
export const reconcileJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cycle') }),
  z.object({ kind: z.literal('master'), masterAccountId: uuid, reason: reconcileReason }),
  z.object({ kind: z.literal('follower'), followerAccountId: uuid, reason: reconcileReason }),
]);

export type ReconcileJob = z.infer<typeof reconcileJob>;
export type ReconcileReason = z.infer<typeof reconcileReason>;

import { z } from 'zod';
import { symbol, uuid } from '../primitives.ts';
import { nextCursor, pageQuery } from './paging.ts';

export const copyMode = z.enum(['multiplier', 'fixed_lot', 'capital_allocation', 'balance_percentage']);
export const followStatus = z.enum(['active', 'close_only', 'frozen', 'stopped']);
/** What a caller may set: `stopped` comes only from ending a follow. */
export const followState = z.enum(['active', 'close_only', 'frozen']);
export const unsubscribeMode = z.enum(['close_immediately', 'close_gracefully', 'preserve']);

// The database's precision: amounts are numeric(36,18), percentages numeric(9,4), counts int4.
const amount = z.string().regex(/^\d{1,18}(\.\d{1,18})?$/, 'must be a decimal string such as "1.5"');
const percent = z.string().regex(/^\d{1,5}(\.\d{1,4})?$/, 'must be a decimal string with at most 4 decimals');
const count = z.number().int().min(0).max(2_147_483_647);
const symbols = z.array(symbol).max(500);

/** Every copy setting; modes, ranges and each mode's own field are checked by copy-engine too. */
const settings = {
  mode: copyMode,
  reverse: z.boolean(),
  multiplier: amount.nullable(),
  lotSize: count.nullable(),
  capitalAllocated: amount.nullable(),
  balancePercentage: percent.nullable(),
  maxPosition: count.nullable(),
  maxNotional: amount.nullable(),
  maxDrawdownPct: percent.nullable(),
  dailyLossLimit: amount.nullable(),
  symbolAllowList: symbols,
  symbolDenyList: symbols,
  slippageLimitPct: percent.nullable(),
  slippageAction: z.enum(['skip', 'limit']),
  driftPolicy: z.enum(['repair', 'alert', 'off']),
  driftTolerance: count,
  maxCorrection: count,
  maxSignalAgeMs: count,
  restingOrderTtlMs: count,
  repairReopen: z.boolean(),
  riskExitFlatten: z.boolean(),
};

export const follow = z
  .object({
    id: uuid,
    masterAccountId: uuid,
    /** The master account's label: a client sees it for the masters it follows (not their other details). */
    masterLabel: z.string(),
    followerAccountId: uuid,
    followerLabel: z.string(),
    ...settings,
    status: followStatus,
    /**
     * Why the follow is close-only when exit-sync made it so: its follower passed the drawdown or
     * daily-loss limit (`reason`, `detail` as the audit's `risk.exit` says), at `at`. Null when no
     * risk exit did, or once the state was set through the API since.
     */
    riskExit: z.object({ at: z.iso.datetime(), reason: z.string(), detail: z.string() }).nullable(),
    unsubscribeMode: unsubscribeMode.nullable(),
    endedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Follow' });
export type Follow = z.infer<typeof follow>;

/** The settings a caller may send; null clears an optional one. */
export const followSettingsInput = z
  .strictObject(settings)
  .partial()
  .extend({ status: followState.optional() });
export type FollowSettingsInput = z.infer<typeof followSettingsInput>;

export const createFollowBody = followSettingsInput.extend({
  masterAccountId: uuid,
  followerAccountId: uuid,
  mode: copyMode,
});
export type CreateFollowBody = z.infer<typeof createFollowBody>;

export const updateFollowBody = followSettingsInput.refine(
  (body) => Object.keys(body).length > 0,
  'at least one field is required',
);
export type UpdateFollowBody = z.infer<typeof updateFollowBody>;

export const endFollowBody = z.strictObject({ mode: unsubscribeMode });
export const followParams = z.object({ id: uuid });
export const followListQuery = z.strictObject({
  masterAccountId: uuid.optional(),
  followerAccountId: uuid.optional(),
  status: followStatus.optional(),
  ...pageQuery,
});
export const followList = z.object({ follows: z.array(follow), nextCursor });

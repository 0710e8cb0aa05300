import type { Logger } from '@copytrade/runtime';
import { DelayedError, type Job } from 'bullmq';
import type { AccountRateLimits } from '../broker/account-rate-limits.ts';
import {
  AuditUnavailable,
  BreakerOpenDelay,
  DrainBusy,
  KillSwitchHold,
  RateLimitHeld,
  RateLimitPause,
} from '../errors/drain-signals.ts';

const KILL_SWITCH_RECHECK_MS = 250;
const AUDIT_RETRY_MS = 1_000;

export interface WaitContext {
  rateLimits: AccountRateLimits;
  followerAccountId: string;
  logger: Logger;
}

/** The account's key is known to be exhausted: the job waits for its reset without knocking on the window. */
export async function waitOutRateLimitHold(
  job: Job,
  token: string | undefined,
  ctx: WaitContext,
): Promise<void> {
  const heldUntil = await ctx.rateLimits.heldUntil(ctx.followerAccountId);
  if (heldUntil === null) return;
  await job.moveToDelayed(heldUntil, token);
  throw new DelayedError();
}

/** Turns a wait (busy outbox, open circuit, rate limit) into a BullMQ move that costs no attempt; rethrows anything else. */
export async function moveIfWait(
  error: unknown,
  job: Job,
  token: string | undefined,
  ctx: WaitContext,
): Promise<never> {
  if (error instanceof DrainBusy) {
    await job.moveToDelayed(Date.now() + 20 + Math.floor(Math.random() * 10), token);
    throw new DelayedError();
  }
  if (error instanceof AuditUnavailable) {
    ctx.logger.warn({ jobId: job.id, err: error.cause }, 'audit queue unavailable; job waits');
    await job.moveToDelayed(Date.now() + AUDIT_RETRY_MS, token);
    throw new DelayedError();
  }
  if (error instanceof KillSwitchHold) {
    // Released by an operator at any moment: look again soon, spending no attempt meanwhile.
    await job.moveToDelayed(Date.now() + KILL_SWITCH_RECHECK_MS, token);
    throw new DelayedError();
  }
  if (error instanceof BreakerOpenDelay) {
    ctx.logger.warn({ jobId: job.id, until: error.untilMs }, 'broker circuit open; job waits');
    await job.moveToDelayed(error.untilMs, token);
    throw new DelayedError();
  }
  if (error instanceof RateLimitHeld) {
    await job.moveToDelayed(error.untilMs, token);
    throw new DelayedError();
  }
  if (error instanceof RateLimitPause) {
    const until = await ctx.rateLimits.hold(ctx.followerAccountId, Date.now() + error.resetMs);
    ctx.logger.warn({ jobId: job.id, until }, 'rate limited; this account waits');
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }
  throw error;
}

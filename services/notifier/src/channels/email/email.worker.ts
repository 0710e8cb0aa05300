import { emailFlushJob } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { type BackoffStrategy, type Processor, UnrecoverableError } from 'bullmq';
import { type EmailDeps, type FlushOutcome, flushEmail } from './flush-email.ts';

/** Parses the job and flushes the user's email; an SMTP failure throws, and the queue retries. */
export function emailProcessor(deps: EmailDeps & { logger: Logger }): Processor<unknown, FlushOutcome> {
  return async (job) => {
    const parsed = emailFlushJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid email flush job');
    const outcome = await flushEmail(deps, parsed.data.userId);
    deps.logger.debug({ userId: parsed.data.userId, outcome }, 'email flush');
    return outcome;
  };
}

/** Doubling delays from `firstMs`: 5 s, 10 s, 20 s… by default. */
export function emailRetryDelayMs(firstMs: number): (attempt: number) => number {
  return (attempt) => firstMs * 2 ** Math.max(0, attempt - 1);
}

export function emailBackoff(delayMs: (attempt: number) => number): BackoffStrategy {
  return (attemptsMade) => delayMs(attemptsMade);
}

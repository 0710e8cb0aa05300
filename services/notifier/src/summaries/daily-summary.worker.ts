import { dailySummaryJob } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { Logger } from '@copytrade/runtime';
import { type Processor, UnrecoverableError } from 'bullmq';
import type { NotifierAudit } from '../audit/notifier-audit.ts';
import { recordDailySummaries } from './daily-summary.ts';
import { previousUtcDay } from './summary-day.ts';

/** The day is the one before the job was due (not run): a late run still sums up the right day. */
export function dailySummaryProcessor(deps: {
  db: Db;
  audit: NotifierAudit;
  logger: Logger;
}): Processor<unknown, number> {
  return async (job) => {
    const parsed = dailySummaryJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid daily summary job');
    const day = parsed.data.day ?? previousUtcDay(new Date(job.timestamp + (job.opts.delay ?? 0)));
    const users = await recordDailySummaries(deps, day);
    deps.logger.info({ day, users }, 'daily summaries recorded');
    return users;
  };
}

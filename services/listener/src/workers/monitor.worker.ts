import { type MonitorResult, monitorJob } from '@copytrade/contracts';
import { type Processor, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { ListenerDeps } from '../handlers/listener-deps.ts';
import { monitorNow } from '../handlers/monitor-now.ts';
import type { MasterSupervisor } from '../masters/master-supervisor.ts';

/** monitor → one "monitor now" run; its result is the job's return value (the caller waits for it). */
export function monitorProcessor(
  deps: ListenerDeps,
  supervisor: MasterSupervisor,
): Processor<unknown, MonitorResult> {
  return async (job) => {
    const parsed = monitorJob.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid monitor job: ${z.prettifyError(parsed.error)}`);
    return monitorNow(deps, supervisor, parsed.data.masterAccountId);
  };
}

import { masterFillJob } from '@copytrade/contracts';
import { UnrecoverableError, type Processor } from 'bullmq';
import { z } from 'zod';
import { type FanOutResult, mapMasterFill } from '../handlers/map-master-fill.ts';
import type { MapperDeps } from '../handlers/mapper-deps.ts';

/** master-fills → one fan-out per job. A payload that does not parse will never parse: no retries. */
export function masterFillsProcessor(deps: MapperDeps): Processor<unknown, FanOutResult> {
  return async (job) => {
    const parsed = masterFillJob.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`invalid master-fill job: ${z.prettifyError(parsed.error)}`);
    }
    return mapMasterFill(deps, parsed.data);
  };
}

import type { Attributes, Context } from '@opentelemetry/api';
import { ParentBasedSampler, type Sampler, SamplingDecision } from '@opentelemetry/sdk-trace-base';

/** Marks the first span of a copy-path trace (see `startTrace`). */
export const traceRootAttribute = 'copytrade.trace_root';

/**
 * Samples a trace only where our code starts one (a master fill): BullMQ's timers, idle Redis
 * commands and pollers would otherwise each open a trace of their own. Children follow their parent.
 */
export function copyPathSampler(): Sampler {
  const ourRoots: Sampler = {
    shouldSample(_context: Context, _traceId: string, _name: string, _kind: number, attributes: Attributes) {
      return {
        decision:
          attributes[traceRootAttribute] === true
            ? SamplingDecision.RECORD_AND_SAMPLED
            : SamplingDecision.NOT_RECORD,
      };
    },
    toString: () => 'CopyPathRoots',
  };
  return new ParentBasedSampler({ root: ourRoots });
}

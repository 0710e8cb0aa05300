import type { Logger } from 'pino';

/**
 * The order a service stops in; a phase starts once the one before it has finished.
 * - `intake`: workers and subscriptions stop taking work. A BullMQ worker's `close()` waits for its
 *   in-flight jobs, so whatever those jobs use is still open when they finish.
 * - `parts`: the service's own parts (heartbeats, flushes, breakers, exchange clients).
 * - `queues`: producers, once nothing is left to publish.
 * - `health`: the `/healthz`, `/readyz`, `/metrics` server.
 * - `connections`: Redis and PostgreSQL, last, since everything above may use them.
 */
export const stopPhases = ['intake', 'parts', 'queues', 'health', 'connections'] as const;
export type StopPhase = (typeof stopPhases)[number];

export interface StopPlan {
  /** Adds a step; `close` may be sync or async. */
  add(phase: StopPhase, name: string, close: () => unknown): void;
  /**
   * Runs every step once (a second call returns the first run), even when some fail; rejects
   * afterwards with an AggregateError naming the steps that failed.
   */
  run(): Promise<void>;
}

interface Step {
  phase: StopPhase;
  name: string;
  close: () => unknown;
}

export function createStopPlan(logger: Logger): StopPlan {
  const steps: Step[] = [];
  let running: Promise<void> | undefined;
  return {
    add(phase, name, close) {
      if (running) throw new Error(`"${name}" added to a service that is already stopping`);
      steps.push({ phase, name, close });
    },
    run() {
      running ??= runSteps(steps, logger);
      return running;
    },
  };
}

async function runSteps(steps: Step[], logger: Logger): Promise<void> {
  const failures: Error[] = [];
  const guarded = async (step: Step) => {
    try {
      await step.close();
    } catch (error) {
      logger.error({ err: error, step: step.name }, 'stop step failed');
      failures.push(new Error(`${step.name}: ${(error as Error).message}`, { cause: error }));
    }
  };
  for (const phase of stopPhases) {
    // Within a phase what was added last goes first: it may use what was added before it.
    const inPhase = steps.filter((step) => step.phase === phase).reverse();
    // Every intake stops at once, so no worker keeps taking jobs while another finishes its own.
    if (phase === 'intake') await Promise.all(inPhase.map(guarded));
    else for (const step of inPhase) await guarded(step);
  }
  if (failures.length > 0) {
    const names = failures.map((failure) => failure.message).join('; ');
    throw new AggregateError(failures, `stop: ${failures.length} step(s) failed: ${names}`);
  }
}

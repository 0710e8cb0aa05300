import {
  nextPauseMs,
  nextWalkStep,
  type RandomSource,
  type WalkLimits,
  type WalkStep,
} from './random-walk.ts';

export interface WalkLoopOptions {
  /** The master's position when the walk starts. */
  position: number;
  limits: WalkLimits;
  pauseMs: { min: number; max: number };
  random: RandomSource;
  /** Places the master's trade and reports its copies; throws only when the trade was not placed. */
  trade(step: WalkStep): Promise<void>;
  /** A trade that could not be placed: reported, and the walk goes on from the same position. */
  onError(error: unknown): void;
}

export interface WalkLoop {
  /** Stops after the trade in flight (if any) has been reported; resolves once the loop is over. */
  stop(): Promise<void>;
}

/** The master trading on the walk, one trade at a time with a pause before each, until stopped. */
export function startWalkLoop(options: WalkLoopOptions): WalkLoop {
  let stopping = false;
  let wake = () => {};
  const loop = (async () => {
    let position = options.position;
    while (!stopping) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          resolve,
          nextPauseMs(options.pauseMs.min, options.pauseMs.max, options.random),
        );
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopping) break;
      const step = nextWalkStep(position, options.limits, options.random);
      try {
        await options.trade(step);
        position = step.after;
      } catch (error) {
        options.onError(error);
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake();
      await loop;
    },
  };
}

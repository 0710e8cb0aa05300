import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** How often the wall clock's offset from the monotonic one is measured again (NTP may slew it). */
const RESYNC_MS = 60_000;

/** Samples of the offset, each up to a millisecond of spinning. */
const SAMPLES = 3;

/** Wall-clock milliseconds since the epoch minus `performance.now()`, to a few microseconds. */
function measureOffset(): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < SAMPLES; i++) {
    // Date.now() is whole milliseconds: read it at the instant it ticks, then the monotonic clock.
    const first = Date.now();
    let now = Date.now();
    while (now === first) now = Date.now();
    // Being descheduled between the two reads only makes a sample smaller: keep the largest.
    best = Math.max(best, now - performance.now());
  }
  return best;
}

const toHrTime = (epochMs: number): HrTime => {
  const seconds = Math.floor(epochMs / 1_000);
  const nanos = Math.min(999_999_999, Math.round((epochMs - seconds * 1_000) * 1e6));
  return [seconds, nanos];
};

const toEpochMs = ([seconds, nanos]: HrTime): number => seconds * 1_000 + nanos / 1e6;

/** The SDK span's fields this processor corrects (they are private to its `SpanImpl`). */
interface SdkSpanTimes {
  startTime: HrTime;
  _performanceStartTime?: unknown;
  _startTimeProvided?: unknown;
}

/**
 * The SDK starts every span at `Date.now()`, a whole millisecond, and ends one given its own start at
 * `Date.now()` too: stages of half a millisecond between spans (issue 19's breakdown) read as 0 or 1.5.
 * As each span starts, this puts it on the monotonic clock mapped to wall time to a few microseconds;
 * the SDK then derives its end and events from that start plus monotonic time. A span given its own
 * start (the listener's fill, seen before the handler ran) keeps that start, and its end and events
 * are measured on the same clock from it instead of read off `Date.now()`.
 */
export class PreciseSpanTimes implements SpanProcessor {
  #offset = measureOffset();
  readonly #resync = setInterval(() => {
    this.#offset = measureOffset();
  }, RESYNC_MS).unref();

  /** Epoch milliseconds, to the microsecond, of a `performance.now()` reading. */
  epochMsOf(monotonicMs: number): number {
    return monotonicMs + this.#offset;
  }

  onStart(span: unknown): void {
    const sdk = span as SdkSpanTimes;
    // Another SDK version without these fields keeps its own times (the precision test then fails).
    if (typeof sdk._performanceStartTime !== 'number' || typeof sdk._startTimeProvided !== 'boolean') return;
    if (sdk._startTimeProvided) {
      sdk._performanceStartTime = toEpochMs(sdk.startTime) - this.#offset;
      sdk._startTimeProvided = false;
      return;
    }
    sdk.startTime = toHrTime(sdk._performanceStartTime + this.#offset);
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    clearInterval(this.#resync);
  }
}

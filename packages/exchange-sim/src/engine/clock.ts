/** Simulator time: the machine clock plus an offset (the clock-offset fault), never going back. */
export class SimClock {
  offsetMs = 0;
  private lastUs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Strictly increasing microseconds, so events created in one millisecond keep their order. */
  nowUs(): number {
    const us = Math.floor((performance.timeOrigin + performance.now() + this.offsetMs) * 1000);
    this.lastUs = us > this.lastUs ? us : this.lastUs + 1;
    return this.lastUs;
  }
}

import type { EngineListener } from '../engine/events.ts';
import type { Account, Fill, Order } from '../engine/types.ts';

/** One moment the exchange itself saw: an order taken by the engine, or a fill sent to the WebSocket. */
export interface TimelineEvent {
  /** Increasing from 1; read on with `after`. */
  seq: number;
  kind: 'order' | 'fill';
  userId: number;
  orderId: number;
  /** Fills only. */
  fillId?: number;
  clientOrderId: string | null;
  symbol: string;
  side: 'buy' | 'sell';
  size: number;
  /** performance.now() in the simulator process: monotonic, comparable between its own events. */
  monoMs: number;
  /** Date.now() at the same moment (the machine clock, without the clock-offset fault). */
  wallMs: number;
}

export interface TimelinePage {
  recording: boolean;
  /** performance.timeOrigin of the simulator process: monoMs + timeOrigin ≈ wall-clock ms. */
  timeOrigin: number;
  /** Events not kept because the record was full. */
  dropped: number;
  /** The `after` that reads on from this page. */
  next: number;
  events: TimelineEvent[];
}

/**
 * Timestamps taken inside the exchange, for benchmarks: a master fill's emission and each follower
 * order's arrival, on one monotonic clock. Off until switched on (a long-running simulator must not
 * grow), bounded when on.
 */
export class Timeline implements EngineListener {
  static readonly MAX_EVENTS = 2_000_000;
  recording = false;
  private events: TimelineEvent[] = [];
  private firstSeq = 1;
  private dropped = 0;

  /** Recorded after the hub's own onFill (listeners run in order), so the message is already sent. */
  onFill(account: Account, fill: Fill, order: Order): void {
    if (!this.recording || this.full()) return;
    // Built in one literal (the fields in the order the control API has always listed them).
    this.events.push({
      seq: this.firstSeq + this.events.length,
      kind: 'fill',
      userId: account.userId,
      orderId: order.id,
      fillId: fill.id,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      size: fill.size,
      monoMs: performance.now(),
      wallMs: Date.now(),
    });
  }

  onOrder(account: Account, order: Order, action: string): void {
    if (!this.recording || action !== 'create' || this.full()) return;
    this.events.push({
      seq: this.firstSeq + this.events.length,
      kind: 'order',
      userId: account.userId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      size: order.size,
      monoMs: performance.now(),
      wallMs: Date.now(),
    });
  }

  onPosition(): void {}
  onMark(): void {}

  /** Switches recording on or off; `clear` also forgets what was recorded (sequence numbers go on). */
  configure(input: { recording?: boolean; clear?: boolean }): { recording: boolean } {
    if (input.recording !== undefined) this.recording = input.recording;
    if (input.clear) {
      this.firstSeq += this.events.length;
      this.events = [];
      this.dropped = 0;
    }
    return { recording: this.recording };
  }

  /** Events with seq > after, oldest first, at most `limit`. */
  read(after: number, limit: number): TimelinePage {
    const start = Math.max(0, after + 1 - this.firstSeq);
    const events = this.events.slice(start, start + limit);
    const last = events.at(-1);
    return {
      recording: this.recording,
      timeOrigin: performance.timeOrigin,
      dropped: this.dropped,
      next: last ? last.seq : Math.max(after, this.firstSeq - 1),
      events,
    };
  }

  /** A fresh exchange: off, empty, numbered from 1 again. */
  reset(): void {
    this.recording = false;
    this.events = [];
    this.firstSeq = 1;
    this.dropped = 0;
  }

  /** At the bound, an event is counted as dropped instead of kept. */
  private full(): boolean {
    if (this.events.length < Timeline.MAX_EVENTS) return false;
    this.dropped++;
    return true;
  }
}

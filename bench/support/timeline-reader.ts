// The simulator's timeline, read on as it grows: every timestamp the report uses was taken inside
// the simulator, so the driver's own delays (polling, this process's CPU) do not enter the figures.
import type { TimelineEvent, TimelinePage } from '../../packages/exchange-sim/src/index.ts';
import { control } from './sim-process.ts';

export class TimelineReader {
  readonly events: TimelineEvent[] = [];
  private next = 0;
  private readonly simUrl: string;

  constructor(simUrl: string) {
    this.simUrl = simUrl;
  }

  async start(): Promise<void> {
    await control(this.simUrl, 'PUT', '/timeline', { recording: true, clear: true });
    await this.poll();
  }

  /** Reads every event recorded so far. */
  async poll(): Promise<void> {
    for (;;) {
      const page = (await control(
        this.simUrl,
        'GET',
        `/timeline?after=${this.next}&limit=50000`,
        undefined,
      )) as TimelinePage;
      if (page.dropped > 0)
        throw new Error(`the simulator's timeline is full (${page.dropped} events dropped)`);
      this.events.push(...page.events);
      this.next = page.next;
      if (page.events.length < 50_000) return;
    }
  }

  /** The position to read events from for a phase that starts now. */
  mark(): number {
    return this.events.length;
  }

  /**
   * Counts the events from `from` on that `accept` takes. Each call reads only the events that came
   * since the last: the driver polls many times per fill, and rescanning every event of the phase
   * at each poll took CPU from the processes it measures.
   */
  counter(from: number, accept: (event: TimelineEvent) => boolean): () => number {
    let next = from;
    let count = 0;
    return () => {
      for (; next < this.events.length; next++) if (accept(this.events[next]!)) count += 1;
      return count;
    };
  }

  /**
   * Polls until `done` holds for the events read so far, or the time is up (then false). Every
   * timestamp is the simulator's, so how often this polls changes no figure, only how soon the
   * driver moves on; each poll costs the driver and the simulator CPU that the measured processes
   * share.
   */
  async waitFor(
    done: () => boolean,
    timeoutMs: number,
    options: {
      /** Another way to be done, checked too (it may read elsewhere, e.g. positions). */
      orElse?: () => Promise<boolean>;
      /** Between polls. @defaultValue 20 */
      pollMs?: number;
    } = {},
  ): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await this.poll();
      if (done()) return true;
      if (options.orElse && (await options.orElse())) return true;
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, options.pollMs ?? 20));
    }
  }
}

/** Fill events of one account, in the order the simulator sent them. */
export function fillsOf(events: TimelineEvent[], userId: number): TimelineEvent[] {
  return events.filter((e) => e.kind === 'fill' && e.userId === userId);
}

/** Orders of each of the given accounts (optionally only those whose client order id passes `accept`). */
export function ordersBy(
  events: TimelineEvent[],
  userIds: Set<number>,
  accept: (clientOrderId: string | null) => boolean = () => true,
): Map<number, TimelineEvent[]> {
  const out = new Map<number, TimelineEvent[]>();
  for (const id of userIds) out.set(id, []);
  for (const e of events) {
    if (e.kind === 'order' && userIds.has(e.userId) && accept(e.clientOrderId)) out.get(e.userId)!.push(e);
  }
  return out;
}

/** The client order ids a follower's copy of a fill may carry (every leg kind): exact pairing. */
export type CopyIdsOf = (fill: TimelineEvent, userId: number) => ReadonlySet<string>;

/**
 * Pairs each fill with each follower's order that answers it: the order carrying one of the fill's
 * copy ids when `copyIdsOf` is given (orders that answer no fill, a resync's or a copy sent twice, are
 * counted apart instead of shifting every later pair), else the follower's k-th order for the k-th
 * fill (the seed-style copier's orders carry no ids of ours; the master alternates buy and sell of
 * one size, so a copy is one order). Per fill: the latency of every follower order that arrived, and
 * the time to the last one when all did.
 */
export function matchFills(
  fills: TimelineEvent[],
  orders: Map<number, TimelineEvent[]>,
  copyIdsOf?: CopyIdsOf,
): {
  latencies: number[][];
  lastArrival: (number | null)[];
  received: number;
  beforeTheirFill: OrderBeforeItsFill[];
  answeringNoFill: OrderAnsweringNoFill[];
} {
  const latencies: number[][] = fills.map(() => []);
  let received = 0;
  const beforeTheirFill: OrderBeforeItsFill[] = [];
  const answeringNoFill: OrderAnsweringNoFill[] = [];
  for (const [userId, list] of orders) {
    const paired = pairOrders(fills, list, userId, copyIdsOf);
    // Orders that arrived, at most one a fill, however they pair (as the k-th-for-k-th count was).
    received += Math.min(list.length, fills.length);
    fills.forEach((fill, k) => {
      const order = paired[k];
      if (order === undefined) return;
      latencies[k]!.push(order.monoMs - fill.monoMs);
      // Only an order more than one per fill (or one not answering a fill) can come before its fill.
      if (order.monoMs < fill.monoMs && beforeTheirFill.length < 5)
        beforeTheirFill.push({
          userId,
          fill: k,
          copyOrders: list.length,
          order: { clientOrderId: order.clientOrderId, side: order.side, size: order.size },
          fillSide: fill.side,
          earlierByMs: Math.round((fill.monoMs - order.monoMs) * 100) / 100,
          // The follower's orders around it, for what came twice.
          around: list.slice(Math.max(0, k - 3), k + 2).map((o) => `${o.clientOrderId} ${o.side} ${o.size}`),
        });
    });
    const used = new Set(paired);
    for (const order of list) {
      if (used.has(order) || answeringNoFill.length >= 5) continue;
      const next = fills.findIndex((f) => f.monoMs > order.monoMs);
      answeringNoFill.push({
        userId,
        order: { clientOrderId: order.clientOrderId, side: order.side, size: order.size },
        afterFill: next === -1 ? fills.length - 1 : next - 1,
      });
    }
  }
  const followers = orders.size;
  const lastArrival = latencies.map((l) => (l.length === followers ? Math.max(...l) : null));
  return { latencies, lastArrival, received, beforeTheirFill, answeringNoFill };
}

/** Each fill's order of this follower (by copy id, or k-th for k-th), or undefined. */
function pairOrders(
  fills: TimelineEvent[],
  list: TimelineEvent[],
  userId: number,
  copyIdsOf: CopyIdsOf | undefined,
): (TimelineEvent | undefined)[] {
  if (!copyIdsOf) return fills.map((_, k) => list[k]);
  const byId = new Map<string, TimelineEvent>();
  for (const order of list) if (order.clientOrderId !== null) byId.set(order.clientOrderId, order);
  return fills.map((fill) => {
    for (const id of copyIdsOf(fill, userId)) {
      const order = byId.get(id);
      if (order) return order;
    }
    return undefined;
  });
}

/** A follower's order that answers none of the fills (with copy ids to pair by): a resync's, a copy sent twice. */
export interface OrderAnsweringNoFill {
  userId: number;
  order: { clientOrderId: string | null; side: string; size: number };
  /** The index of the last fill before it (-1: before the first). */
  afterFill: number;
}

/**
 * A follower's k-th copy order that arrived before the master's k-th fill: it answers no fill of its
 * own (a copy sent twice, or an order the benchmark does not expect), and every later pairing is off.
 */
export interface OrderBeforeItsFill {
  userId: number;
  fill: number;
  copyOrders: number;
  order: { clientOrderId: string | null; side: string; size: number };
  fillSide: string;
  earlierByMs: number;
  around: string[];
}

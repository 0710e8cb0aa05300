import type { DeltaRestClient } from '@copytrade/delta-client';
import type { Simulator } from '@copytrade/exchange-sim';

type Fill = ReturnType<Simulator['control']['fills']>[number];

/** When (epoch ms) a fill's notification arrived, its event reached the audit log, and its delivery was recorded. */
export interface NotificationTimes {
  arrivedAt: number;
  auditedAt: number;
  deliveryRecordedAt: number;
}

export interface FillLatencyOptions {
  sim: Simulator;
  /** The master's trader. */
  trader: DeltaRestClient;
  masterSimUserId: number;
  fills: number;
  /** Where the notification arrives, as the log line names it ("webhook received"). */
  arrival: string;
  /** The delivery row, as the log line names it ("delivery"). */
  delivery: string;
  /** Waits for this fill's notification (asserting what the test wants of it) and says when each step happened. */
  timesOf(fill: Fill, side: 'buy' | 'sell'): Promise<NotificationTimes>;
}

/**
 * Master fill → notification, measured: the master trades one contract `fills` times (buy, sell, …),
 * each fill alone, and the median and worst of each step from the simulator's fill time are logged.
 */
export async function measureFillToNotification(options: FillLatencyOptions): Promise<void> {
  const latencies: number[] = [];
  const toAuditLog: number[] = [];
  const toDeliveryRow: number[] = [];
  for (let i = 0; i < options.fills; i += 1) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    await options.trader.placeOrder({ productSymbol: 'BTCUSD', side, size: 1, orderType: 'market_order' });
    const fill = options.sim.control.fills(options.masterSimUserId).at(-1)!;
    const times = await options.timesOf(fill, side);
    const filledAt = Number(fill.created_at) / 1_000;
    latencies.push(times.arrivedAt - filledAt);
    toAuditLog.push(times.auditedAt - filledAt);
    toDeliveryRow.push(times.deliveryRecordedAt - filledAt);
    // Let the copies settle so each fill is measured alone.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  console.log(
    `master fill (simulator) → ${options.arrival}: ${latencySummary(latencies)} over ${options.fills} fills; of which fill → in the audit log: ${latencySummary(toAuditLog)}, fill → ${options.delivery} recorded by the feed: ${latencySummary(toDeliveryRow)}`,
  );
}

/** Latencies in ms as a log line's words: the median (lower of the middle two) and the worst. */
function latencySummary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

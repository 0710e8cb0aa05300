import type { Metrics } from '@copytrade/runtime';
import { Gauge } from 'prom-client';
import type { BreakerState } from '../broker/broker-breakers.ts';
import type { HoldOutcome } from '../handlers/wait-out-hold.ts';

/** What happened to one placement attempt (labels of the orders counter). */
export type OrderOutcome =
  | 'accepted'
  | 'adopted'
  | 'rejected'
  | 'unknown'
  | 'retrying'
  | 'rate_limited'
  | 'breaker_open'
  | 'expired'
  | 'dropped'
  | 'dead_lettered'
  | 'resting_cancelled';

export interface ExecutorMetrics {
  order(outcome: OrderOutcome): void;
  /** Master fill detected → follower order accepted. */
  copyLatency(ms: number): void;
  breakerState(host: string, state: BreakerState): void;
  deadLetter(): void;
  /** A kick found its outbox being drained by this process and waited for that drain. */
  kickCovered(): void;
  /** A kick found its outbox held by another process: drained once the hold ended, or still held after the wait. */
  outboxHeld(outcome: HoldOutcome): void;
}

const stateValue: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export function createExecutorMetrics(metrics: Metrics): ExecutorMetrics {
  const orders = metrics.counter('copytrade_executor_orders_total', 'Follower order placements by outcome', [
    'outcome',
  ]);
  const latency = metrics.histogram(
    'copytrade_copy_latency_seconds',
    'From the master fill being detected to the follower order being accepted',
  );
  const breaker = new Gauge({
    name: 'copytrade_executor_breaker_state',
    help: 'Circuit breaker per broker host: 0 closed, 1 half open, 2 open',
    labelNames: ['host'],
    registers: [metrics.registry],
  });
  const dead = metrics.counter(
    'copytrade_executor_dead_letters_total',
    'Outbox entries that failed validation and were moved to the dead-letter list',
  );
  const covered = metrics.counter(
    'copytrade_executor_kicks_covered_total',
    'Kicks that found their outbox being drained by this executor and waited for that drain to end',
  );
  const held = metrics.counter(
    'copytrade_executor_outbox_holds_total',
    'Kicks that found their outbox held by another process (exit-sync, another executor): drained once it ended, or still held after EXECUTOR_HELD_WAIT_MS',
    ['outcome'],
  );
  return {
    order: (outcome) => orders.inc({ outcome }),
    copyLatency: (ms) => latency.observe(Math.max(0, ms) / 1_000),
    breakerState: (host, state) => breaker.set({ host }, stateValue[state]),
    deadLetter: () => dead.inc(),
    kickCovered: () => covered.inc(),
    outboxHeld: (outcome) => held.inc({ outcome }),
  };
}

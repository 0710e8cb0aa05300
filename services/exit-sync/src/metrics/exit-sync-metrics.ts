import type { Metrics } from '@copytrade/runtime';
import { Counter, Gauge, Histogram } from 'prom-client';

export interface ExitSyncMetrics {
  /** Drift per follower position after a check (contracts, signed). */
  drift(followerAccountId: string, symbol: string, contracts: number): void;
  correction(kind: 'correction' | 'resync' | 'exit' | 'stuck_kick'): void;
  cycleSeconds(seconds: number): void;
}

export function createExitSyncMetrics(metrics: Metrics): ExitSyncMetrics {
  const registers = [metrics.registry];
  const drift = new Gauge({
    name: 'copytrade_exit_sync_drift_contracts',
    help: 'Target minus exchange position per follower and symbol, at the last check',
    labelNames: ['follower', 'symbol'],
    registers,
  });
  const corrections = new Counter({
    name: 'copytrade_exit_sync_corrections_total',
    help: 'Corrective orders queued, resyncs requested and undrained outboxes kicked by exit-sync',
    labelNames: ['kind'],
    registers,
  });
  const cycle = new Histogram({
    name: 'copytrade_exit_sync_follower_seconds',
    help: 'Time to reconcile one follower',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  return {
    drift: (follower, symbol, contracts) => drift.set({ follower, symbol }, contracts),
    correction: (kind) => corrections.inc({ kind }),
    cycleSeconds: (seconds) => cycle.observe(seconds),
  };
}

import type { Metrics } from '@copytrade/runtime';
import { type Counter, Gauge, type Histogram } from 'prom-client';
import type { WalletStreams } from '../market/wallet-streams.ts';

export type DecisionOutcome = 'decided' | 'skipped' | 'stale' | 'failed';

export interface MapperMetrics {
  /** Per follower: decided / skipped (with the reason) / stale / failed. */
  decisions: Counter<string>;
  /** One master fill → every follower's target applied and kicked. */
  fanOutSeconds: Histogram<string>;
  /** With WALLET_STREAMS: each wallet a decision read, by what answered it (its stream, or REST while it was not live). */
  walletReads: Counter<string>;
  /** Reports the wallet streams' count (open, and live: connected and seeded) at every scrape. */
  watchWalletStreams(streams: WalletStreams): void;
}

export function createMapperMetrics(metrics: Metrics): MapperMetrics {
  return {
    decisions: metrics.counter('copytrade_mapper_decisions_total', 'Copy decisions per follower', [
      'outcome',
      'reason',
    ]),
    fanOutSeconds: metrics.histogram(
      'copytrade_mapper_fanout_seconds',
      'Time to map one master fill to all its followers',
      ['outcome'],
    ),
    walletReads: metrics.counter(
      'copytrade_mapper_wallet_reads_total',
      'Wallet reads of decisions, by source',
      ['source'],
    ),
    watchWalletStreams(streams) {
      new Gauge({
        name: 'copytrade_mapper_wallet_streams',
        help: 'Private margins streams kept for wallets, by state',
        labelNames: ['state'],
        registers: [metrics.registry],
        collect() {
          const { open, live } = streams.stats();
          this.set({ state: 'open' }, open);
          this.set({ state: 'live' }, live);
        },
      });
    },
  };
}

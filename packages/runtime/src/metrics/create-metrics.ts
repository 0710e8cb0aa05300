import type { Job, Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  observeJob(queue: string, outcome: 'completed' | 'failed', job: Job): void;
  /** Queues whose depth is read at every scrape. */
  watchQueue(queue: Queue): void;
  counter(name: string, help: string, labelNames?: string[]): Counter<string>;
  histogram(name: string, help: string, labelNames?: string[], buckets?: number[]): Histogram<string>;
}

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const jobSeconds = new Histogram({
    name: 'copytrade_job_duration_seconds',
    help: 'From a job being added to it finishing (queue wait + processing)',
    labelNames: ['queue', 'outcome'],
    buckets: latencyBuckets,
    registers: [registry],
  });
  const watched: Queue[] = [];
  new Gauge({
    name: 'copytrade_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of watched) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
      }
    },
  });
  return {
    registry,
    observeJob(queue, outcome, job) {
      const end = job.finishedOn ?? Date.now();
      jobSeconds.observe({ queue, outcome }, Math.max(0, end - job.timestamp) / 1_000);
    },
    watchQueue(queue) {
      watched.push(queue);
    },
    counter(name, help, labelNames = []) {
      return new Counter({ name, help, labelNames, registers: [registry] });
    },
    histogram(name, help, labelNames = [], buckets = latencyBuckets) {
      return new Histogram({ name, help, labelNames, buckets, registers: [registry] });
    },
  };
}

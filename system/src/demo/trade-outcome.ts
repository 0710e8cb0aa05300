import type { LiveEvent } from '@copytrade/audit-log';
import { paint, percentile } from './printer.ts';

/** What became of one master fill's copies, from the live events that name its correlation id. */
export interface Outcome {
  latenciesMs: number[];
  skips: string[];
  rejections: number;
}

/** Live events of the watched master, by the correlation id of the master fill they follow. */
export function outcomeBook() {
  const outcomes = new Map<string, Outcome>();
  /** Correlation ids of master fills, in the order they were recorded. */
  const fills: string[] = [];
  const of = (id: string) => {
    let outcome = outcomes.get(id);
    if (!outcome) {
      outcome = { latenciesMs: [], skips: [], rejections: 0 };
      outcomes.set(id, outcome);
    }
    return outcome;
  };
  return {
    /** A mark to pass to `since`: what is recorded after it belongs to the next trade. */
    mark: () => fills.length,
    add(event: LiveEvent): void {
      if (event.correlationId === null) return;
      if (event.type === 'master_fill.recorded') fills.push(event.correlationId);
      else if (event.type === 'order.accepted')
        of(event.correlationId).latenciesMs.push(Number(event.payload.latencyMs));
      else if (event.type === 'copy.skipped')
        of(event.correlationId).skips.push(String(event.payload.reason));
      else if (event.type === 'order.rejected') of(event.correlationId).rejections += 1;
    },
    /** The copies of every master fill recorded after `mark` (a market order can fill in parts). */
    since(mark: number): Outcome & { fills: number } {
      const ids = fills.slice(mark);
      const parts = ids.map(of);
      for (const id of ids) outcomes.delete(id);
      return {
        fills: ids.length,
        latenciesMs: parts.flatMap((p) => p.latenciesMs),
        skips: parts.flatMap((p) => p.skips),
        rejections: parts.reduce((n, p) => n + p.rejections, 0),
      };
    },
  };
}

/**
 * "7 copy orders accepted (p50 81 ms, max 95 ms), 1 skipped (close_only)": orders, since a flip
 * copies as two (close, then open); skips and rejections by follower.
 */
export function describeOutcome(outcome: Outcome): string {
  const sorted = [...outcome.latenciesMs].sort((a, b) => a - b);
  const copied =
    sorted.length === 0
      ? 'no copy order'
      : `${sorted.length} copy order${sorted.length === 1 ? '' : 's'} accepted ${paint.dim(`(p50 ${percentile(sorted, 50)} ms, max ${sorted.at(-1)} ms)`)}`;
  const reasons = new Map<string, number>();
  for (const reason of outcome.skips) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const skipped =
    outcome.skips.length === 0
      ? ''
      : `, ${paint.yellow(`${outcome.skips.length} skipped`)} ${paint.dim(`(${[...reasons].map(([r, n]) => (n > 1 ? `${r} × ${n}` : r)).join(', ')})`)}`;
  const rejected = outcome.rejections === 0 ? '' : `, ${paint.red(`${outcome.rejections} rejected`)}`;
  return `${copied}${skipped}${rejected}`;
}

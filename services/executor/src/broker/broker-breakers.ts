import { type CircuitBreaker, createBreaker } from '@copytrade/runtime';
import type { BreakerState } from '@copytrade/contracts';
import { isDeltaError } from '@copytrade/delta-client';

export type { BreakerState } from '@copytrade/contracts';

export interface BrokerBreakersOptions {
  /** How long a circuit stays open before one trial call. @defaultValue 5000 */
  resetTimeoutMs?: number;
  /** Told whenever a host's circuit changes state, and `closed` when it is first used (the metrics gauge, the Redis record). */
  onState?: (host: string, state: BreakerState) => void;
}

/** One circuit per broker host: a sick exchange stops taking orders from every follower at once. */
export interface BrokerBreakers {
  run<T>(host: string, call: () => Promise<T>): Promise<T>;
  /** Epoch ms from which the host's circuit lets a call through; null when it would take one now. */
  refusingUntil(host: string): number | null;
  shutdown(): void;
}

/** Only a sick remote counts: transport failures and 5xx. Rejections and 429 are not its fault. */
export function countsAsBrokerFailure(error: unknown): boolean {
  return isDeltaError(error, 'transient') || isDeltaError(error, 'unknown_outcome');
}

type Call = () => Promise<unknown>;

interface HostBreaker {
  breaker: CircuitBreaker<[Call], unknown>;
  openedAt: number;
}

export function createBrokerBreakers(options: BrokerBreakersOptions = {}): BrokerBreakers {
  const resetTimeoutMs = options.resetTimeoutMs ?? 5_000;
  const hosts = new Map<string, HostBreaker>();
  const breakerOf = (host: string): HostBreaker => {
    const existing = hosts.get(host);
    if (existing) return existing;
    const breaker = createBreaker((call: Call) => call(), {
      name: `broker:${host}`,
      countsAsFailure: countsAsBrokerFailure,
      resetTimeoutMs,
    });
    const entry: HostBreaker = { breaker, openedAt: 0 };
    breaker.on('open', () => {
      entry.openedAt = Date.now();
      options.onState?.(host, 'open');
    });
    breaker.on('halfOpen', () => options.onState?.(host, 'half_open'));
    breaker.on('close', () => options.onState?.(host, 'closed'));
    options.onState?.(host, 'closed');
    hosts.set(host, entry);
    return entry;
  };
  return {
    run<T>(host: string, call: () => Promise<T>) {
      return breakerOf(host).breaker.fire(call) as Promise<T>;
    },
    refusingUntil(host) {
      const entry = hosts.get(host);
      // Closed, or half-open with its single trial not yet taken: a call goes through.
      if (!entry || entry.breaker.closed || entry.breaker.pendingClose) return null;
      // Half-open with the trial in flight: look again shortly.
      if (entry.breaker.halfOpen) return Date.now() + 100;
      return Math.max(Date.now() + 10, entry.openedAt + resetTimeoutMs);
    },
    shutdown() {
      for (const { breaker } of hosts.values()) breaker.shutdown();
      hosts.clear();
    },
  };
}

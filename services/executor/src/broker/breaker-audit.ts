import { makeAuditEvent } from '@copytrade/contracts';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { BreakerState } from './broker-breakers.ts';

/**
 * Audits each opening of a host's circuit (`broker.breaker_opened`), which operators can be notified
 * of. Closings and trials are left to the metrics and the Redis record: an opening is the news.
 */
export function breakerAuditor(
  audit: AuditSink,
  instanceId: string,
  now: () => number = Date.now,
): (host: string, state: BreakerState) => void {
  return (host, state) => {
    if (state !== 'open') return;
    audit.emit(
      makeAuditEvent({
        type: 'broker.breaker_opened',
        eventId: `breaker_opened:${instanceId}:${host}:${now()}`,
        correlationId: null,
        accountId: null,
        service: 'executor',
        payload: { host, instanceId },
      }),
    );
  };
}

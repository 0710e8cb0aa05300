import type { AuditEvent } from '@copytrade/contracts';
import { DeltaError } from '@copytrade/delta-client';
import { describe, expect, it } from 'vitest';
import type { AuditSink } from '../audit/audit-sink.ts';
import { breakerAuditor } from './breaker-audit.ts';
import { createBrokerBreakers } from './broker-breakers.ts';

function collectingSink(): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    emit: (event) => void events.push(event),
    record: async (event) => void events.push(event),
    flush: async () => undefined,
  };
}

describe('breakerAuditor', () => {
  it('records an opening of a host circuit, not its first use or its closing', async () => {
    const sink = collectingSink();
    const breakers = createBrokerBreakers({
      resetTimeoutMs: 50,
      onState: breakerAuditor(sink, 'exec-a', () => 7),
    });
    await breakers.run('a.test', async () => 1);
    expect(sink.events).toEqual([]);
    for (let i = 0; i < 5; i++)
      await expect(
        breakers.run('a.test', async () => {
          throw new DeltaError({ kind: 'transient', message: '503' });
        }),
      ).rejects.toThrow();
    expect(sink.events).toEqual([
      expect.objectContaining({
        type: 'broker.breaker_opened',
        eventId: 'breaker_opened:exec-a:a.test:7',
        service: 'executor',
        payload: { host: 'a.test', instanceId: 'exec-a' },
      }),
    ]);
    breakers.shutdown();
  });
});

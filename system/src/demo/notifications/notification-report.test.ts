import { describe, expect, it } from 'vitest';
import { notificationReport } from './notification-report.ts';

const hook = (type: string, correlationId: string | null, at: number, verified = true) => ({
  type,
  correlationId,
  at,
  verified,
});

describe('the demo summary’s notification lines', () => {
  it('counts webhooks by kind and verified signatures, and measures arrival from the master fill', () => {
    const report = notificationReport(
      [
        hook('copy_placed', 'fill-1', 1_040),
        hook('copy_placed', 'fill-1', 1_060),
        hook('master_exit', 'fill-2', 2_200),
        hook('copy_failed', null, 3_000, false),
      ],
      [],
      new Map([
        ['fill-1', 1_000],
        ['fill-2', 2_000],
      ]),
    );
    expect(report.webhooks).toBe(
      '4 received (copy_placed × 2, master_exit × 1, copy_failed × 1), signature verified 3/4; master fill → webhook arrival p50 60 ms, max 200 ms (n=3)',
    );
  });

  it('counts digests among the emails and quotes the last subject', () => {
    const report = notificationReport(
      [],
      [
        { to: 'op@x.test', subject: 'Copytrade: risk exit', at: 1 },
        { to: 'op@x.test', subject: 'Copytrade: 3 notifications (digest)', at: 2 },
      ],
      new Map(),
    );
    expect(report.webhooks).toBe('0 received, signature verified 0/0');
    expect(report.emails).toBe(
      '2 received (1 digest), e.g. to op@x.test: "Copytrade: 3 notifications (digest)"',
    );
  });
});

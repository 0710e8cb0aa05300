import { describe, expect, it } from 'vitest';
import { renderEmail } from './render-email.ts';

const at = new Date('2026-11-30T01:02:03.000Z');

describe('renderEmail', () => {
  it('escapes every event field in HTML and keeps it as data in text', () => {
    const email = renderEmail([
      {
        kind: 'copy_skipped',
        eventId: 'e1',
        occurredAt: at,
        payload: { symbol: '<script>alert(1)</script>', reason: 'a&b "quoted"', followerAccountId: 'x' },
      },
    ]);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('a&amp;b &quot;quoted&quot;');
    expect(email.text).toContain('Copy skipped on <script>alert(1)</script>: a&b "quoted"');
  });

  it('never shows a skip’s free-text detail (it may quote a balance)', () => {
    const email = renderEmail([
      {
        kind: 'copy_skipped',
        eventId: 'e1',
        occurredAt: at,
        payload: { symbol: 'BTCUSD', reason: 'insufficient_margin', detail: 'available 1234.56 USD' },
      },
    ]);
    expect(email.text + email.html).not.toContain('1234.56');
  });

  it('makes one digest of several events, in order, with their count in the subject', () => {
    const events = [3, 1, 2].map((positionAfter, index) => ({
      kind: 'master_fill' as const,
      eventId: `e${index}`,
      occurredAt: at,
      payload: { side: 'buy', size: 1, symbol: 'BTCUSD', price: '1', positionAfter },
    }));
    const email = renderEmail(events);
    expect(email.subject).toBe('Copytrade: 3 notifications (digest)');
    const positions = email.text.split('\n').filter((line) => line.includes('Position after'));
    expect(positions).toEqual(['  Position after: 3', '  Position after: 1', '  Position after: 2']);
  });
});

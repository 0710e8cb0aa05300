import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ChainEntry, chainHash, GENESIS_HASH } from './chain-hash.ts';

const entry: ChainEntry = {
  eventId: 'e1',
  type: 'order.submitted',
  occurredAt: '2026-11-24T10:00:00.123Z',
  correlationId: 'mf_x_1',
  accountId: null,
  payload: { size: 2, attempt: 1 },
};

describe('chainHash', () => {
  it('is sha256 of prevHash, a newline and the canonical entry', () => {
    const body =
      '{"accountId":null,"correlationId":"mf_x_1","eventId":"e1","occurredAt":"2026-11-24T10:00:00.123Z",' +
      '"payload":{"attempt":1,"size":2},"type":"order.submitted"}';
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex');
    expect(chainHash(GENESIS_HASH, entry)).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('does not depend on the key order of the payload', () => {
    expect(chainHash(GENESIS_HASH, { ...entry, payload: { attempt: 1, size: 2 } })).toBe(
      chainHash(GENESIS_HASH, entry),
    );
  });

  it('changes with the previous hash and with every covered field', () => {
    const base = chainHash(GENESIS_HASH, entry);
    const variants: ChainEntry[] = [
      { ...entry, eventId: 'e2' },
      { ...entry, type: 'order.accepted' },
      { ...entry, occurredAt: '2026-11-24T10:00:00.124Z' },
      { ...entry, correlationId: null },
      { ...entry, accountId: 'a' },
      { ...entry, payload: { size: 3, attempt: 1 } },
    ];
    for (const variant of variants) expect(chainHash(GENESIS_HASH, variant)).not.toBe(base);
    expect(chainHash('f'.repeat(64), entry)).not.toBe(base);
  });

  it('chains: each hash feeds the next', () => {
    const first = chainHash(GENESIS_HASH, entry);
    const second = chainHash(first, { ...entry, eventId: 'e2' });
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(chainHash(GENESIS_HASH, { ...entry, eventId: 'e2' }));
  });
});

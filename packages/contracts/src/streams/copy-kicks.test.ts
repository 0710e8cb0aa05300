import { describe, expect, it } from 'vitest';
import { parseKickStreamEntry } from './copy-kicks.ts';

const kick = {
  followerAccountId: '6f1c2f4e-1b7a-4c1e-9a51-0a8b9a1f2c3d',
  symbol: 'BTCUSD',
  correlationId: 'mf_1',
  clientOrderIds: ['c1'],
  closes: false,
};
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('kick stream entries', () => {
  it('reads a kick and its trace context', () => {
    expect(
      parseKickStreamEntry(['kick', JSON.stringify(kick), 'trace', JSON.stringify({ traceparent })]),
    ).toEqual({ ok: true, value: kick, trace: { traceparent } });
    expect(parseKickStreamEntry(['kick', JSON.stringify(kick)])).toEqual({ ok: true, value: kick });
  });

  it('keeps the kick when only its trace context is unreadable', () => {
    expect(parseKickStreamEntry(['kick', JSON.stringify(kick), 'trace', 'not json'])).toEqual({
      ok: true,
      value: kick,
    });
  });

  it.each([
    ['no kick field', [] as string[], /no kick field/],
    ['a kick that is not JSON', ['kick', '{'], /invalid kick/],
    ['a kick without legs', ['kick', JSON.stringify({ ...kick, clientOrderIds: [] })], /clientOrderIds/],
    ['a kick without closes', ['kick', JSON.stringify({ ...kick, closes: undefined })], /closes/],
    [
      'a follower that is no uuid',
      ['kick', JSON.stringify({ ...kick, followerAccountId: 'x' })],
      /followerAccountId/,
    ],
  ])('refuses %s, saying why', (_name, fields, reason) => {
    const entry = parseKickStreamEntry(fields);
    expect(entry.ok).toBe(false);
    expect(entry.ok ? '' : entry.error).toMatch(reason);
  });
});

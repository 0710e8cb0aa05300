import { describe, expect, it } from 'vitest';
import {
  auditEvent,
  copyOrderJob,
  makeAuditEvent,
  masterFillJob,
  orderLeg,
  queueNames,
  restingCheckJob,
} from './index.ts';

const uuid = '7d4f5a52-3a8b-4f0e-9a7e-1f2b3c4d5e6f';
const fill = {
  correlationId: `mf_${uuid}_1`,
  masterAccountId: uuid,
  fillId: '1',
  symbol: 'BTCUSD',
  productId: 27,
  side: 'buy',
  size: 10,
  price: '65000.5',
  positionAfter: 10,
  seq: 1,
  occurredAtUs: 1_732_442_400_123_456,
  detectedAtMs: 1_732_442_400_200,
  source: 'ws',
};

describe('queue names', () => {
  it('are unique', () => {
    const names = Object.values(queueNames);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('master fill job', () => {
  it('accepts a valid payload', () => {
    expect(masterFillJob.parse(fill)).toMatchObject({ fillType: 'normal', price: '65000.5' });
  });

  it.each([
    ['a float price', { price: 65000.5 }],
    ['a fractional size', { size: 1.5 }],
    ['a zero size', { size: 0 }],
    ['a lowercase symbol', { symbol: 'btcusd' }],
    ['a non-uuid account', { masterAccountId: 'acct-1' }],
    ['sequence 0', { seq: 0 }],
  ])('rejects %s', (_name, patch) => {
    expect(masterFillJob.safeParse({ ...fill, ...patch }).success).toBe(false);
  });
});

describe('order leg and copy-order job', () => {
  const leg = {
    clientOrderId: 'cAbc123',
    correlationId: fill.correlationId,
    followerAccountId: uuid,
    masterAccountId: uuid,
    followId: uuid,
    symbol: 'BTCUSD',
    productId: 27,
    side: 'sell',
    size: 3,
    reduceOnly: true,
    leg: 'close',
    orderType: 'market_order',
    limitPrice: null,
    seq: 4,
    targetBefore: 3,
    targetAfter: 0,
    detectedAtMs: 1,
    plannedAtMs: 2,
  };

  it('accepts a valid leg and refuses a client order id over 32 characters', () => {
    expect(orderLeg.parse(leg).size).toBe(3);
    expect(orderLeg.safeParse({ ...leg, clientOrderId: 'x'.repeat(33) }).success).toBe(false);
  });

  it('needs at least one client order id in a copy-order job', () => {
    const job = { followerAccountId: uuid, symbol: 'BTCUSD', correlationId: 'c', clientOrderIds: [] };
    expect(copyOrderJob.safeParse(job).success).toBe(false);
  });

  it('carries an optional resting time limit, a positive whole number of ms', () => {
    expect(orderLeg.parse({ ...leg, restingOrderTtlMs: 10_000 }).restingOrderTtlMs).toBe(10_000);
    expect(orderLeg.safeParse({ ...leg, restingOrderTtlMs: 0 }).success).toBe(false);
  });

  it('names the order of a resting check by a valid client order id', () => {
    const check = { followerAccountId: uuid, symbol: 'BTCUSD', clientOrderId: 'cAbc123', correlationId: 'c' };
    expect(restingCheckJob.parse(check)).toEqual(check);
    expect(restingCheckJob.safeParse({ ...check, clientOrderId: 'has:colon' }).success).toBe(false);
  });
});

describe('audit events', () => {
  it('are built and validated by type', () => {
    const event = makeAuditEvent({
      type: 'copy.skipped',
      eventId: 'copy.skipped:x',
      correlationId: 'c',
      accountId: uuid,
      service: 'mapper',
      payload: {
        followId: uuid,
        followerAccountId: uuid,
        masterAccountId: uuid,
        symbol: 'BTCUSD',
        seq: 1,
        reason: 'symbol_not_allowed',
        detail: 'BTCUSD is not in the allow list',
        master: { fillId: '1', side: 'buy', size: 1, price: '1' },
      },
    });
    expect(auditEvent.parse(event)).toEqual(event);
  });

  it('refuses a payload that does not match its type, and unknown types', () => {
    const bad = {
      eventId: 'e',
      type: 'order.rejected',
      occurredAt: new Date().toISOString(),
      correlationId: null,
      accountId: null,
      service: 'executor',
      payload: { code: 'insufficient_margin' },
    };
    expect(auditEvent.safeParse(bad).success).toBe(false);
    expect(auditEvent.safeParse({ ...bad, type: 'order.teleported' }).success).toBe(false);
    expect(() =>
      makeAuditEvent({
        type: 'executor.rate_limited',
        eventId: 'e',
        correlationId: null,
        accountId: null,
        service: 'executor',
        payload: { followerAccountId: uuid, resetInMs: -1.5 },
      }),
    ).toThrow();
  });
});

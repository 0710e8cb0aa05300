import { describe, expect, it } from 'vitest';
import type { Account, Fill, Order } from '../engine/types.ts';
import { Timeline } from './timeline.ts';

const account = { userId: 7 } as Account;
const order = { id: 3, clientOrderId: 'c-3', symbol: 'BTCUSD', side: 'buy', size: 2 } as Order;
const fill = { id: 11, size: 2 } as Fill;

describe('Timeline', () => {
  it('records orders taken and fills sent, fields in the order the control API lists them', () => {
    const timeline = new Timeline();
    timeline.onOrder(account, order, 'create');
    timeline.configure({ recording: true });
    timeline.onOrder(account, order, 'create');
    timeline.onOrder(account, order, 'update');
    timeline.onFill(account, fill, order);
    const { events } = timeline.read(0, 10);
    expect(events.map((e) => Object.keys(e))).toEqual([
      ['seq', 'kind', 'userId', 'orderId', 'clientOrderId', 'symbol', 'side', 'size', 'monoMs', 'wallMs'],
      [
        'seq',
        'kind',
        'userId',
        'orderId',
        'fillId',
        'clientOrderId',
        'symbol',
        'side',
        'size',
        'monoMs',
        'wallMs',
      ],
    ]);
    expect(events).toMatchObject([
      {
        seq: 1,
        kind: 'order',
        userId: 7,
        orderId: 3,
        clientOrderId: 'c-3',
        symbol: 'BTCUSD',
        side: 'buy',
        size: 2,
      },
      { seq: 2, kind: 'fill', userId: 7, orderId: 3, fillId: 11, size: 2 },
    ]);
    expect(events[1]!.monoMs).toBeGreaterThanOrEqual(events[0]!.monoMs);
  });

  it('counts events past its bound as dropped, and goes on numbering after a clear', () => {
    const timeline = new Timeline();
    const bound = Object.getOwnPropertyDescriptor(Timeline, 'MAX_EVENTS')!;
    Object.defineProperty(Timeline, 'MAX_EVENTS', { value: 2 });
    try {
      timeline.configure({ recording: true });
      for (let i = 0; i < 3; i++) timeline.onOrder(account, order, 'create');
      timeline.onFill(account, fill, order);
      expect(timeline.read(0, 10)).toMatchObject({ dropped: 2, next: 2 });
      timeline.configure({ clear: true });
      timeline.onFill(account, fill, order);
      expect(timeline.read(0, 10)).toMatchObject({ dropped: 0, events: [{ seq: 3, kind: 'fill' }] });
    } finally {
      Object.defineProperty(Timeline, 'MAX_EVENTS', bound);
    }
  });
});

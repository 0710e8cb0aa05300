import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../packages/exchange-sim/src/index.ts';
import { matchFills, TimelineReader } from './timeline-reader.ts';

const event = (seq: number, userId: number, kind: TimelineEvent['kind']): TimelineEvent =>
  ({
    seq,
    kind,
    userId,
    orderId: seq,
    clientOrderId: null,
    symbol: 'BTCUSD',
    side: 'buy',
    size: 1,
  }) as TimelineEvent;

describe('TimelineReader.counter', () => {
  it('counts the accepted events from its start, reading each event once however often it is called', () => {
    const batches = fc.array(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean()), { maxLength: 30 }),
      {
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(batches, fc.nat({ max: 10 }), (arrivals, before) => {
        const reader = new TimelineReader('http://127.0.0.1:1');
        let seq = 0;
        for (let i = 0; i < before; i++) reader.events.push(event(++seq, 1, 'order'));
        const from = reader.mark();
        let reads = 0;
        const accept = (e: TimelineEvent) => {
          reads += 1;
          return e.kind === 'order' && e.userId !== 3;
        };
        const count = reader.counter(from, accept);
        for (const batch of arrivals) {
          for (const [userId, isOrder] of batch)
            reader.events.push(event(++seq, userId, isOrder ? 'order' : 'fill'));
          const expected = reader.events
            .slice(from)
            .filter((e) => e.kind === 'order' && e.userId !== 3).length;
          expect(count()).toBe(expected);
          // A poll that brought nothing new reads nothing.
          expect(count()).toBe(expected);
        }
        expect(reads).toBe(reader.events.length - from);
      }),
    );
  });
});

describe('matchFills', () => {
  const at = (e: TimelineEvent, monoMs: number, clientOrderId: string | null = null) => ({
    ...e,
    monoMs,
    clientOrderId,
  });
  const fills = [at(event(1, 9, 'fill'), 100), at(event(2, 9, 'fill'), 200)];

  it('pairs each follower’s k-th order with the k-th fill', () => {
    const orders = new Map([
      [1, [at(event(3, 1, 'order'), 110, 'a'), at(event(4, 1, 'order'), 215, 'b')]],
      [2, [at(event(5, 2, 'order'), 130, 'c')]],
    ]);
    expect(matchFills(fills, orders)).toEqual({
      latencies: [[10, 30], [15]],
      lastArrival: [30, null],
      received: 3,
      beforeTheirFill: [],
      answeringNoFill: [],
    });
  });

  it('pairs by the fill’s copy ids when given: an order answering no fill shifts no pair, and is named', () => {
    const filled = fills.map((f, i) => ({ ...f, fillId: i + 1 }));
    // Follower 1: a correction between the two copies; follower 2: the second copy before the first.
    const orders = new Map([
      [
        1,
        [
          at(event(3, 1, 'order'), 110, 'copy-1'),
          at(event(4, 1, 'order'), 150, 'correction'),
          at(event(5, 1, 'order'), 215, 'copy-2'),
        ],
      ],
      [2, [at(event(6, 2, 'order'), 230, 'copy-2'), at(event(7, 2, 'order'), 240, 'copy-1')]],
    ]);
    const copyIds = (fill: TimelineEvent) => new Set([`copy-${fill.fillId}`]);
    expect(matchFills(filled, orders, copyIds)).toEqual({
      latencies: [
        [10, 140],
        [15, 30],
      ],
      lastArrival: [140, 30],
      received: 4,
      beforeTheirFill: [],
      answeringNoFill: [
        { userId: 1, order: { clientOrderId: 'correction', side: 'buy', size: 1 }, afterFill: 0 },
      ],
    });
    // Paired k-th for k-th, the correction would have been the second fill's copy, 50 ms before it.
    expect(matchFills(filled, orders).beforeTheirFill).toHaveLength(1);
  });

  it('names an order that came before the fill it is paired with (one too many before it)', () => {
    const twice = [at(event(3, 1, 'order'), 110, 'a'), at(event(4, 1, 'order'), 150, 'a2')];
    const { latencies, beforeTheirFill } = matchFills(fills, new Map([[1, twice]]));
    expect(latencies).toEqual([[10], [-50]]);
    expect(beforeTheirFill).toEqual([
      {
        userId: 1,
        fill: 1,
        copyOrders: 2,
        order: { clientOrderId: 'a2', side: 'buy', size: 1 },
        fillSide: 'buy',
        earlierByMs: 50,
        around: ['a buy 1', 'a2 buy 1'],
      },
    ]);
  });
});

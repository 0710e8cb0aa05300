import { DeltaError, type Order } from '@copytrade/delta-client';
import { createLogger } from '@copytrade/runtime';
import { describe, expect, it } from 'vitest';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { BrokerBreakers } from '../broker/broker-breakers.ts';
import type { IntentRow, IntentState, IntentStore } from '../intents/intent-store.ts';
import type { ExecutorMetrics } from '../metrics/executor-metrics.ts';
import { makeLeg } from '../testing/seed.ts';
import { executeLeg } from './execute-leg.ts';
import type { OrderGateway } from './order-gateway.ts';

const follower = '5b0c1f43-3f4e-4a55-9d5c-6f3f6b7f2a10';
const user = '0c8f5a52-7a0e-4f0e-a1d4-2b7c9f1e3d21';
const lock = {
  lost: false,
  token: 'test-token',
  release: async () => undefined,
  releasedWith: () => undefined,
};
// The circuit has its own spec; here every call goes through.
const passThrough: BrokerBreakers = {
  run: (_host, call) => call(),
  refusingUntil: () => null,
  shutdown: () => undefined,
};

function order(cid: string): Order {
  return {
    id: '7',
    size: 1,
    unfilledSize: 0,
    side: 'buy',
    orderType: 'market_order',
    reduceOnly: false,
    clientOrderId: cid,
    state: 'closed',
    productId: 27,
  } as Order;
}

function memoryIntents(initial?: IntentState) {
  const rows = new Map<string, IntentRow & { code?: string }>();
  const set = (cid: string, state: IntentState, code?: string) => {
    const row = rows.get(cid)!;
    rows.set(cid, { ...row, state, ...(code !== undefined && { code }) });
  };
  const store: IntentStore = {
    // Mirrors the SQL: a new intent is created already sent; an existing one is left alone.
    async createSent(leg) {
      // A preset state stands for an intent written by an earlier delivery.
      if (rows.has(leg.clientOrderId) || initial !== undefined) return null;
      rows.set(leg.clientOrderId, {
        clientOrderId: leg.clientOrderId,
        state: 'sent',
        attempts: 1,
        sentAt: null,
      });
      return rows.get(leg.clientOrderId)!;
    },
    async expire(leg) {
      const row = rows.get(leg.clientOrderId);
      if (row && row.state !== 'pending') return false;
      rows.set(leg.clientOrderId, {
        clientOrderId: leg.clientOrderId,
        state: 'expired',
        attempts: 0,
        sentAt: null,
      });
      return true;
    },
    async ensure(leg) {
      if (!rows.has(leg.clientOrderId))
        rows.set(leg.clientOrderId, {
          clientOrderId: leg.clientOrderId,
          state: initial ?? 'pending',
          attempts: 0,
          sentAt: null,
        });
      return rows.get(leg.clientOrderId)!;
    },
    async markSent(cid) {
      const row = rows.get(cid)!;
      rows.set(cid, { ...row, state: 'sent', attempts: row.attempts + 1 });
      return rows.get(cid)!;
    },
    markPending: async (cid, code) => set(cid, 'pending', code),
    markUnknown: async (cid, code) => set(cid, 'unknown', code),
    settle: async (cid, _order, state) => set(cid, state),
    reject: async (cid, code) => set(cid, 'rejected', code),
    statesOf: async () => new Map(),
    async outcomeOf(cid) {
      const row = rows.get(cid);
      if (!row) return null;
      // A preset ended intent stands for one settled with the exchange's order '7'.
      const ended = row.state === 'accepted' || row.state === 'resolved';
      return {
        state: row.state,
        exchangeOrderId: ended ? '7' : null,
        errorCode: row.code ?? null,
        errorMessage: row.code === undefined ? null : `refused: ${row.code}`,
        resolvedAt: null,
      };
    },
  };
  return { store, rows };
}

function setup(gateway: Partial<OrderGateway>, initial?: IntentState) {
  const intents = memoryIntents(initial);
  const events: string[] = [];
  // An outcome is on the queue when `recorded` lets it be (at once unless a test holds it).
  const recording = { hold: undefined as Promise<void> | undefined };
  const audit: AuditSink = {
    emit: (e) => void events.push(e.type),
    record: async (e) => {
      await recording.hold;
      events.push(e.type);
    },
    flush: async () => undefined,
  };
  const metrics: ExecutorMetrics = {
    order: () => undefined,
    copyLatency: () => undefined,
    breakerState: () => undefined,
    deadLetter: () => undefined,
    kickCovered: () => undefined,
    outboxHeld: () => undefined,
  };
  // A clock that moves only when the executor waits, so the signature window passes instantly.
  const clock = { ms: 1_000_000 };
  const deps = {
    intents: intents.store,
    breakers: passThrough,
    audit,
    metrics,
    logger: createLogger({ service: 't', level: 'silent' }),
    now: () => clock.ms,
    sleep: async (ms: number) => {
      clock.ms += ms;
    },
  };
  const client = {
    placeOrder:
      gateway.placeOrder ??
      (async () => {
        throw new Error('placeOrder not expected');
      }),
    getOrderByClientOrderId:
      gateway.getOrderByClientOrderId ??
      (async () => {
        throw new Error('lookup not expected');
      }),
    getOrderHistory: gateway.getOrderHistory ?? (async () => ({ orders: [], after: undefined })),
    getFills: gateway.getFills ?? (async () => ({ fills: [], after: undefined })),
    getOrder:
      gateway.getOrder ??
      (async () => {
        throw new Error('getOrder not expected');
      }),
  } as OrderGateway;
  const broker = { followerUserId: user, host: 'exchange.test', client };
  return { deps, broker, rows: intents.rows, events, clock, recording };
}

const fail = (kind: DeltaError['kind'], code: string) =>
  new DeltaError({ kind, code, message: `${kind} ${code}` });

describe('executeLeg', () => {
  it('treats an auth failure as a permanent rejection of the leg, keeping the code', async () => {
    const leg = makeLeg(follower);
    const t = setup({
      placeOrder: async () => {
        throw fail('auth', 'invalid_api_key');
      },
    });
    expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe('rejected');
    expect(t.rows.get(leg.clientOrderId)).toMatchObject({ state: 'rejected', code: 'invalid_api_key' });
    expect(t.events).toEqual(['order.submitted', 'order.rejected']);
  });

  it('looks an in-doubt intent up before anything is sent, and adopts what it finds', async () => {
    const leg = makeLeg(follower);
    const t = setup({ getOrderByClientOrderId: async (cid) => order(cid) }, 'sent');
    expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe('adopted');
    expect(t.rows.get(leg.clientOrderId)).toMatchObject({ state: 'resolved', attempts: 0 });
  });

  it('never resends when the lookup after an unknown outcome fails: it throws, intent stays unknown', async () => {
    const leg = makeLeg(follower);
    let sends = 0;
    const t = setup({
      placeOrder: async () => {
        sends += 1;
        throw fail('unknown_outcome', 'timeout');
      },
      getOrderByClientOrderId: async () => {
        throw fail('transient', 'ECONNRESET');
      },
    });
    await expect(executeLeg(t.deps, t.broker, leg, lock)).rejects.toThrow(/ECONNRESET/);
    expect(sends).toBe(1);
    expect(t.rows.get(leg.clientOrderId)?.state).toBe('unknown');
  });

  it('resends a bounded number of times on authoritative not-found, then leaves it to the queue', async () => {
    const leg = makeLeg(follower);
    let sends = 0;
    const t = setup({
      placeOrder: async () => {
        sends += 1;
        throw fail('unknown_outcome', 'timeout');
      },
      getOrderByClientOrderId: async () => null,
    });
    await expect(executeLeg({ ...t.deps, maxResends: 2 }, t.broker, leg, lock)).rejects.toThrow(
      /not found after 2 resends/,
    );
    expect(sends).toBe(3);
    expect(t.rows.get(leg.clientOrderId)).toMatchObject({ state: 'unknown', attempts: 3 });
  });

  it('keeps looking until the request can no longer execute, and adopts an order that arrived late', async () => {
    const leg = makeLeg(follower);
    let sends = 0;
    let sentAt = 0;
    const t = setup({
      placeOrder: async () => {
        sends += 1;
        sentAt = t.clock.ms;
        throw fail('unknown_outcome', 'timeout');
      },
      // The exchange was slower than our timeout: the order shows up 3 s after it was sent.
      getOrderByClientOrderId: async (cid) => (t.clock.ms - sentAt >= 3_000 ? order(cid) : null),
    });
    expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe('adopted');
    expect(sends).toBe(1);
  });

  it('resends only once the signature window has passed and history and fills hold no such order', async () => {
    const leg = makeLeg(follower);
    const sentTimes: number[] = [];
    let historyReads = 0;
    let fillReads = 0;
    const t = setup({
      placeOrder: async (input) => {
        sentTimes.push(t.clock.ms);
        if (sentTimes.length === 1) throw fail('unknown_outcome', 'timeout');
        return order(input.clientOrderId!);
      },
      getOrderByClientOrderId: async () => null,
      getOrderHistory: async () => {
        historyReads += 1;
        return { orders: [], after: undefined };
      },
      getFills: async () => {
        fillReads += 1;
        return { fills: [], after: undefined };
      },
    });
    expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe('accepted');
    expect(sentTimes.length).toBe(2);
    expect(sentTimes[1]! - sentTimes[0]!).toBeGreaterThanOrEqual(5_000);
    expect([historyReads, fillReads]).toEqual([1, 1]);
  });

  it('adopts an order the lookup by client order id cannot see but the order history holds', async () => {
    const leg = makeLeg(follower);
    let sends = 0;
    const t = setup({
      placeOrder: async () => {
        sends += 1;
        throw fail('unknown_outcome', 'timeout');
      },
      getOrderByClientOrderId: async () => null,
      getOrderHistory: async () => ({ orders: [order(leg.clientOrderId)], after: undefined }),
    });
    expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe('adopted');
    expect(sends).toBe(1);
  });

  it('adopts an order found only through its fills', async () => {
    const leg = makeLeg(follower);
    const t = setup({
      placeOrder: async () => {
        throw fail('unknown_outcome', 'timeout');
      },
      getOrderByClientOrderId: async () => null,
      getFills: async () =>
        ({
          fills: [{ id: '1', orderId: '7', size: 1, side: 'buy', price: '1', createdAt: 1, productId: 27 }],
          after: undefined,
        }) as unknown as Awaited<ReturnType<OrderGateway['getFills']>>,
      getOrder: async () => order(leg.clientOrderId),
    });
    expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe('adopted');
  });

  it('does not send an opening leg whose signal is older than the follow allows; a closing one goes', async () => {
    const sends: string[] = [];
    const t = setup({
      placeOrder: async (input) => {
        sends.push(input.clientOrderId!);
        return order(input.clientOrderId!);
      },
    });
    const old = t.clock.ms - 31_000;
    const open = makeLeg(follower, { maxSignalAgeMs: 30_000, detectedAtMs: old });
    const close = makeLeg(follower, {
      maxSignalAgeMs: 30_000,
      detectedAtMs: old,
      leg: 'close',
      reduceOnly: true,
      side: 'sell',
    });
    expect((await executeLeg(t.deps, t.broker, open, lock)).outcome).toBe('expired');
    expect(t.rows.get(open.clientOrderId)?.state).toBe('expired');
    expect(t.events).toEqual(['order.expired']);
    expect((await executeLeg(t.deps, t.broker, close, lock)).outcome).toBe('accepted');
    expect(sends).toEqual([close.clientOrderId]);
  });

  it('sends nothing for a leg whose intent has ended, and records its outcome again from the exchange', async () => {
    // The drain that settled it stopped before the head left the outbox, maybe before its event left.
    const leg = makeLeg(follower);
    const read: string[] = [];
    const t = setup(
      {
        getOrder: async (id) => {
          read.push(id);
          return { ...order(leg.clientOrderId), id, state: 'open', unfilledSize: 1 };
        },
      },
      'accepted',
    );
    const result = await executeLeg(t.deps, t.broker, leg, lock);
    // The order as the exchange has it now: a resting one is recorded, a remainder taken back.
    expect(result).toMatchObject({ outcome: 'already_done', order: { id: '7', state: 'open' } });
    expect(read).toEqual(['7']);
    expect(t.events).toEqual(['order.accepted']);
  });

  it('records a refusal or an expiry found ended again, with what its intent kept', async () => {
    for (const state of ['rejected', 'expired'] as const) {
      const t = setup({}, state);
      const leg = makeLeg(follower, { maxSignalAgeMs: 30_000 });
      expect((await executeLeg(t.deps, t.broker, leg, lock)).outcome).toBe(state);
      expect(t.events).toEqual([`order.${state}`]);
    }
  });

  it('answers an accepted leg only once its outcome is on the audit queue', async () => {
    const leg = makeLeg(follower);
    const t = setup({ placeOrder: async (input) => order(input.clientOrderId!) });
    let release = () => {};
    t.recording.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    let answered = false;
    const executed = executeLeg(t.deps, t.broker, leg, lock).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release();
    expect((await executed).outcome).toBe('accepted');
    expect(t.events).toEqual(['order.submitted', 'order.accepted']);
  });

  it('puts a rate-limited intent back to pending and rethrows for the drain to pause on', async () => {
    const leg = makeLeg(follower);
    const t = setup({
      placeOrder: async () => {
        throw fail('rate_limited', 'rate_limit_window');
      },
    });
    await expect(executeLeg(t.deps, t.broker, leg, lock)).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(t.rows.get(leg.clientOrderId)?.state).toBe('pending');
    expect(t.events).toEqual(['order.submitted', 'executor.rate_limited']);
  });
});

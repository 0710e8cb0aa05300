import { randomUUID } from 'node:crypto';
import { startTestRecorder, type TestRecorder } from '@copytrade/audit-log/testing';
import { type AuditEvent, makeAuditEvent } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';
import { openSse, type SseClient } from './testing/sse-client.ts';

// The gateway streams what the audit log records and publishes, written here as the audit service
// writes it.
const password = 'correct horse battery';
let gw: TestGateway;
let recorder: TestRecorder;
let http: ReturnType<typeof httpClient>;
let operator: Credentials;
let alice: Credentials & { accountId: string; apiKey: string };
let bob: Credentials & { accountId: string };
const open: Array<{ close(): void }> = [];

async function client(): Promise<Credentials & { accountId: string; apiKey: string }> {
  const user = await gw.seedUser('client', password);
  const account = await gw.database.db.brokerAccount.create({
    data: {
      userId: user.id,
      label: 'f',
      role: 'follower',
      baseUrl: 'http://x',
      apiKey: 'k',
      secretEnvelope: 's',
    },
  });
  const login = await http.login(user.email, password);
  const key = await http.call('POST', '/v1/api-keys', { ...login, body: { name: 'stream' } });
  return { ...login, accountId: account.id, apiKey: key.body.key };
}

const corrected = (followerAccountId: string) =>
  makeAuditEvent({
    type: 'sync.corrected',
    eventId: `test:${randomUUID()}`,
    correlationId: null,
    accountId: followerAccountId,
    service: 'test',
    payload: { followerAccountId, symbol: 'BTCUSD', drift: 1, capped: false, legs: [] },
  });

/** One by one, as the events of separate producers arrive. */
async function record(...events: AuditEvent[]): Promise<void> {
  for (const event of events) await recorder.record(event);
}

async function sse(credentials: Credentials, headers: Record<string, string> = {}): Promise<SseClient> {
  const stream = await openSse(`${gw.url}/v1/events`, {
    ...(credentials.cookie && { cookie: credentials.cookie }),
    ...headers,
  });
  open.push(stream);
  expect(stream.status).toBe(200);
  // Subscribed once the first comment is in.
  await vi.waitFor(() => expect(stream.comments).toContain('connected'));
  return stream;
}

const eventIds = (stream: SseClient) => stream.events.map((e) => e.data.eventId);

beforeAll(async () => {
  gw = await startTestGateway({ LIVE_HEARTBEAT_MS: '200' });
  recorder = startTestRecorder({ databaseUrl: gw.database.url, prefix: gw.prefix });
  http = httpClient(gw.url);
  const op = await gw.seedUser('operator', password);
  operator = await http.login(op.email, password);
  alice = await client();
  bob = await client();
}, 30_000);
afterAll(async () => {
  for (const stream of open) stream.close();
  await recorder?.stop();
  await gw?.stop();
});

describe('live events', () => {
  it('streams recorded events as SSE with the audit seq as id, to each caller only what it may see', async () => {
    const [ops, alices, bobs] = [await sse(operator), await sse(alice), await sse(bob)];
    const mine = corrected(alice.accountId);
    const theirs = corrected(bob.accountId);
    const kill = makeAuditEvent({
      type: 'kill_switch.engaged',
      eventId: `test:${randomUUID()}`,
      correlationId: null,
      accountId: null,
      service: 'test',
      payload: { actorUserId: randomUUID(), reason: 'test' },
    });
    // Not a live event type: recorded, never streamed.
    const stale = makeAuditEvent({
      type: 'copy.stale',
      eventId: `test:${randomUUID()}`,
      correlationId: null,
      accountId: alice.accountId,
      service: 'test',
      payload: {
        followId: randomUUID(),
        followerAccountId: alice.accountId,
        symbol: 'BTCUSD',
        seq: 2,
        lastSeq: 3,
      },
    });
    await record(mine, stale, theirs, kill);
    await vi.waitFor(() => expect(eventIds(ops)).toEqual([mine.eventId, theirs.eventId, kill.eventId]), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(eventIds(alices)).toEqual([mine.eventId]));
    await vi.waitFor(() => expect(eventIds(bobs)).toEqual([theirs.eventId]));
    const row = await gw.database.db.auditLog.findUniqueOrThrow({ where: { eventId: mine.eventId } });
    expect(alices.events[0]).toEqual({
      id: String(row.seq),
      data: expect.objectContaining({ seq: Number(row.seq), type: 'sync.corrected', payload: mine.payload }),
    });
    // Nothing else arrives later either.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventIds(alices)).toEqual([mine.eventId]);
    expect(alices.comments).toContain('heartbeat');
    for (const stream of [ops, alices, bobs]) stream.close();
  }, 20_000);

  it('resumes from Last-Event-ID: the stored events first, then live ones, without gap or duplicate', async () => {
    const ops = await sse(operator);
    const first = await sse(alice);
    const before = corrected(alice.accountId);
    await record(before);
    await vi.waitFor(() => expect(eventIds(first)).toEqual([before.eventId]), { timeout: 10_000 });
    first.close();
    const missed = [corrected(alice.accountId), corrected(bob.accountId), corrected(alice.accountId)];
    await record(...missed);
    await vi.waitFor(() => expect(ops.events).toHaveLength(4), { timeout: 10_000 });
    // More events while the stream resumes: some land in the replay, some arrive live.
    const during = [corrected(alice.accountId), corrected(alice.accountId), corrected(alice.accountId)];
    const recording = record(...during);
    const resumed = await sse(alice, { 'last-event-id': first.events[0]!.id! });
    await recording;
    const after = corrected(alice.accountId);
    await record(after);
    const expected = [missed[0]!, missed[2]!, ...during, after].map((e) => e.eventId);
    await vi.waitFor(() => expect(eventIds(resumed)).toEqual(expected), { timeout: 10_000 });
    // One `resumed` event, naming where it resumed; the replay held at least alice's two missed (it
    // may have read some of `during` too, which are then not sent again live).
    expect(resumed.named.map((e) => e.name)).toEqual(['resumed']);
    expect(resumed.named[0]!.data.afterSeq).toBe(Number(first.events[0]!.id));
    expect(resumed.named[0]!.data.replayed).toBeGreaterThanOrEqual(2);
    expect(resumed.named[0]!.data.replayed).toBeLessThanOrEqual(expected.length - 1);
    const seqs = resumed.events.map((e) => Number(e.id));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(Number(first.events[0]!.id));
    ops.close();
    resumed.close();
  }, 20_000);

  it('starts a new stream with the newest stored events the caller may see when asked for `recent`', async () => {
    const [carol, dave] = [await client(), await client()];
    const carols = [1, 2, 3, 4].map(() => corrected(carol.accountId));
    const daves = [corrected(dave.accountId), corrected(dave.accountId)];
    const history = [carols[0]!, daves[0]!, carols[1]!, carols[2]!, daves[1]!, carols[3]!];
    await record(...history);
    await vi.waitFor(
      async () =>
        expect(
          await gw.database.db.auditLog.count({ where: { eventId: { in: history.map((e) => e.eventId) } } }),
        ).toBe(history.length),
      { timeout: 10_000 },
    );
    const stream = await openSse(`${gw.url}/v1/events?recent=3`, { cookie: carol.cookie! });
    open.push(stream);
    expect(stream.status).toBe(200);
    // Carol's newest three, oldest first, none of Dave's though they are newer; then the `recent` event.
    await vi.waitFor(() => expect(stream.named).toHaveLength(1), { timeout: 10_000 });
    expect(eventIds(stream)).toEqual(carols.slice(1).map((e) => e.eventId));
    expect(stream.named[0]).toEqual({ name: 'recent', data: { replayed: 3 } });
    const live = corrected(carol.accountId);
    await record(corrected(dave.accountId), live);
    await vi.waitFor(
      () => expect(eventIds(stream)).toEqual([...carols.slice(1), live].map((e) => e.eventId)),
      {
        timeout: 10_000,
      },
    );
    stream.close();

    // Dave's page sees only his; a resuming stream replays after its Last-Event-ID instead.
    const his = await openSse(`${gw.url}/v1/events?recent=500`, { cookie: dave.cookie! });
    open.push(his);
    await vi.waitFor(() => expect(his.events).toHaveLength(3), { timeout: 10_000 });
    expect(his.events.every((e) => e.data.accountId === dave.accountId)).toBe(true);
    expect(his.named.map((e) => e.name)).toEqual(['recent']);
    his.close();
    const resumed = await sse(carol, { 'last-event-id': stream.events[1]!.id! });
    await vi.waitFor(() => expect(resumed.named.map((e) => e.name)).toEqual(['resumed']), {
      timeout: 10_000,
    });
    expect(eventIds(resumed)).toEqual([carols[3]!, live].map((e) => e.eventId));
    resumed.close();
    for (const recent of ['0', '501', 'x']) {
      const refused = await http.call('GET', `/v1/events?recent=${recent}`, { cookie: carol.cookie! });
      expect(refused.status).toBe(400);
    }
  }, 20_000);

  it('sends the same filtered events over a WebSocket, resumable with ?lastEventId', async () => {
    const received: Array<{ seq: number; eventId: string }> = [];
    const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/v1/events/ws`, {
      headers: { authorization: `Bearer ${alice.apiKey}` },
    } as unknown as string[]);
    open.push(ws);
    ws.onmessage = (message) => received.push(JSON.parse(String(message.data)));
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    const mine = corrected(alice.accountId);
    await record(corrected(bob.accountId), mine);
    await vi.waitFor(() => expect(received.map((e) => e.eventId)).toEqual([mine.eventId]), {
      timeout: 10_000,
    });
    ws.close();

    const replayed: string[] = [];
    const again = new WebSocket(
      `${gw.url.replace('http', 'ws')}/v1/events/ws?lastEventId=${received[0]!.seq - 1}`,
      {
        headers: { authorization: `Bearer ${alice.apiKey}` },
      } as unknown as string[],
    );
    open.push(again);
    again.onmessage = (message) => replayed.push(JSON.parse(String(message.data)).eventId);
    await vi.waitFor(() => expect(replayed).toEqual([mine.eventId]), { timeout: 10_000 });
    again.close();
  }, 20_000);

  it('refuses callers without credentials (SSE and WebSocket), a bad Last-Event-ID, and a cross-site WebSocket', async () => {
    const anonymous = await openSse(`${gw.url}/v1/events`);
    expect(anonymous.status).toBe(401);
    const bad = await openSse(`${gw.url}/v1/events`, { cookie: alice.cookie!, 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
    const badQuery = await http.call('GET', '/v1/events?lastEventId=-1', { cookie: alice.cookie! });
    expect(badQuery.status).toBe(400);
    for (const headers of [{}, { cookie: alice.cookie!, origin: 'https://evil.example' }]) {
      const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/v1/events/ws`, {
        headers,
      } as unknown as string[]);
      const outcome = await new Promise<string>((resolve) => {
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
      expect(outcome).toBe('refused');
    }
  });

  it('drops a stream’s subscription when its client goes away', async () => {
    const status = async () => (await http.call('GET', '/v1/status', operator)).body.liveStreams;
    await vi.waitFor(async () => expect(await status()).toBe(0));
    const streams = [await sse(alice), await sse(bob)];
    expect(await status()).toBe(2);
    for (const stream of streams) stream.close();
    await vi.waitFor(async () => expect(await status()).toBe(0));
  });
});

describe('a gateway replica stopping', () => {
  it('ends its open streams instead of waiting for their clients', async () => {
    const replica = await startTestGateway({}, gw);
    // Each replica signs cookies with its own random secret here: an API key works on both.
    const stream = await openSse(`${replica.url}/v1/events`, { authorization: `Bearer ${alice.apiKey}` });
    open.push(stream);
    expect(stream.status).toBe(200);
    await vi.waitFor(() => expect(stream.comments).toContain('connected'));
    const started = Date.now();
    await replica.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stream.ended).toBe(true);
  }, 20_000);
});

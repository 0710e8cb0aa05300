import {
  copyAttributes,
  copySpans,
  flushTracing,
  legTimelines,
  type OtlpReceiver,
  startOtlpReceiver,
  type TraceSpan,
} from '@copytrade/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eSession, startE2eSession, until } from './support/e2e-session.ts';

// With an OTLP endpoint configured, one master fill is one trace from the listener's socket to the
// audit log, over both queue hops, with the exchange request inside it and no credential in it.
const SYMBOL = 'BTCUSD';
let receiver: OtlpReceiver;
let s: E2eSession;
let fillTrace: TraceSpan[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  s = await startE2eSession({
    followers: [
      { label: 'one', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'two', settings: { mode: 'fixed_lot', lotSize: 2 } },
    ],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
  });
  await s.trade(SYMBOL, 'buy', 3, '60000');
  await s.settle([SYMBOL]);
  await s.auditSettled();
  await until(
    async () => {
      await flushTracing();
      // The socket's fill; the REST safety net sees it again later, in short traces of its own.
      const root = receiver
        .spans()
        .find((x) => x.name === copySpans.masterFill && x.attributes[copyAttributes.outcome] === 'applied');
      fillTrace = root ? receiver.trace(root.traceId) : [];
      return legTimelines(fillTrace).length === 2;
    },
    10_000,
    "no trace with both followers' legs reached the receiver",
  );
});
afterAll(async () => {
  await s?.close();
  await receiver?.close();
});

const named = (name: string) => fillTrace.filter((x) => x.name === name);

function parentOf(span: TraceSpan): TraceSpan | undefined {
  return fillTrace.find((x) => x.spanId === span.parentSpanId);
}

/** Whether `ancestor` is above `span` in the trace. */
function below(span: TraceSpan, ancestor: TraceSpan): boolean {
  for (let at = parentOf(span); at; at = parentOf(at)) if (at.spanId === ancestor.spanId) return true;
  return false;
}

/** Names from the span up to the root, the span first; `add <queue>.<job name>` as `add <queue>`. */
function lineage(span: TraceSpan): string[] {
  const names: string[] = [];
  for (let at: TraceSpan | undefined = span; at; at = parentOf(at))
    names.push(at.name.startsWith('add ') ? at.name.split('.')[0]! : at.name);
  return names;
}

describe('a master fill traced end to end', () => {
  it('starts at the fill seen on the socket, with its id, symbol and master account', () => {
    const [root, ...others] = named(copySpans.masterFill);
    expect(others).toEqual([]);
    expect(root!.parentSpanId).toBeUndefined();
    expect(root!.attributes[copyAttributes.source]).toBe('ws');
    expect(root!.attributes[copyAttributes.symbol]).toBe(SYMBOL);
    expect(root!.attributes[copyAttributes.masterAccountId]).toBe(s.masterAccountId);
    expect(root!.attributes[copyAttributes.fillId]).toEqual(expect.any(String));
  });

  it('is the one trace every decision, leg and order request of the fill belongs to', () => {
    const traceId = fillTrace[0]!.traceId;
    const ofTheCopyPath = receiver
      .spans()
      .filter(
        (x) => x.name === copySpans.follower || x.name === copySpans.leg || x.name === copySpans.streamKick,
      );
    // A decision, a kick taken off the stream and a leg per follower.
    expect(ofTheCopyPath.length).toBeGreaterThanOrEqual(3 * s.followers.length);
    expect(ofTheCopyPath.filter((x) => x.traceId !== traceId)).toEqual([]);
  });

  it('holds listener → mapper → executor → exchange request → audit in parent/child order', () => {
    expect(
      named(copySpans.follower)
        .map((x) => x.attributes[copyAttributes.followerAccountId])
        .sort(),
    ).toEqual(s.followers.map((f) => f.accountId).sort());
    for (const leg of named(copySpans.leg)) {
      // The decision's target step queued the kick on the stream, which carries its trace context.
      expect(lineage(leg)).toEqual([
        copySpans.leg,
        copySpans.streamKick,
        copySpans.follower,
        copySpans.streamFill,
        copySpans.masterFill,
      ]);
      const request = fillTrace.find(
        (x) => x.parentSpanId === leg.spanId && x.attributes['http.request.method'] === 'POST',
      );
      expect(request?.attributes['url.full']).toMatch(/\/v2\/orders$/);
      expect(request?.attributes['http.response.status_code']).toBe(200);
      // The leg's audit events (order sent, accepted) are recorded under it, whichever job carried them.
      const audits = fillTrace.filter((x) => x.name === copySpans.auditRecord && below(x, leg));
      expect(audits.map((a) => a.attributes[copyAttributes.eventType])).toEqual(
        expect.arrayContaining(['order.submitted', 'order.accepted']),
      );
    }
    // A job's first event is recorded over the audit hop, in the trace the job was added in.
    expect(named(copySpans.auditRecord).map((a) => lineage(a).slice(0, 4))).toContainEqual([
      copySpans.auditRecord,
      'process audit-events',
      'add audit-events',
      copySpans.leg,
    ]);
    // The master fill's own audit record hangs off the listener's span.
    expect(
      named(copySpans.auditRecord).some(
        (a) => a.attributes[copyAttributes.eventType] === 'master_fill.recorded',
      ),
    ).toBe(true);
  });

  it('shows the Redis and PostgreSQL round trips inside it', () => {
    const system = (x: TraceSpan) => x.attributes['db.system.name'] ?? x.attributes['db.system'];
    expect(fillTrace.some((x) => system(x) === 'redis')).toBe(true);
    expect(fillTrace.some((x) => system(x) === 'postgresql')).toBe(true);
  });

  it('breaks each leg into stages that follow one another', () => {
    const timelines = legTimelines(fillTrace);
    expect(timelines.map((t) => t.followerAccountId).sort()).toEqual(
      s.followers.map((f) => f.accountId).sort(),
    );
    for (const t of timelines) {
      const steps = [
        t.fillSeen,
        t.mapped,
        t.legEnqueued,
        t.executorPickedUp,
        t.exchangeRequest,
        t.accepted,
        t.audited,
      ];
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
    }
  });

  it('carries no API key, secret or signature in any span', () => {
    const credentials = [
      s.masterCredentials.apiKey,
      s.masterCredentials.apiSecret,
      ...s.followers.flatMap((f) => [f.apiKey, f.apiSecret]),
    ];
    for (const span of receiver.spans()) {
      for (const [key, value] of Object.entries(span.attributes)) {
        expect(key).not.toMatch(/api-key|signature|authorization/i);
        for (const credential of credentials) expect(String(value)).not.toContain(credential);
      }
    }
  });
});

describe('a later fill, once caches and connections are warm', () => {
  let laterTrace: TraceSpan[] = [];
  beforeAll(async () => {
    const first = fillTrace[0]!.traceId;
    await s.trade(SYMBOL, 'buy', 1, '60000');
    await s.settle([SYMBOL]);
    await s.auditSettled();
    await until(
      async () => {
        await flushTracing();
        const root = receiver
          .spans()
          .find(
            (x) =>
              x.name === copySpans.masterFill &&
              x.attributes[copyAttributes.outcome] === 'applied' &&
              x.traceId !== first,
          );
        laterTrace = root ? receiver.trace(root.traceId) : [];
        const legs = laterTrace.filter((x) => x.name === copySpans.leg).length;
        return legs > 0 && legTimelines(laterTrace).length === legs;
      },
      10_000,
      'no complete trace of the later fill reached the receiver',
    );
  });

  // The executor's share of the copy latency: everything before the request is waited for in series.
  it('sends each copy after one Redis step and one PostgreSQL statement, the intent', () => {
    const system = (x: TraceSpan) => x.attributes['db.system.name'] ?? x.attributes['db.system'];
    const jobs = laterTrace.filter((x) => x.name === copySpans.streamKick);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const below: TraceSpan[] = [];
      const stack = [job];
      while (stack.length > 0) {
        const at = stack.pop()!;
        const children = laterTrace.filter((x) => x.parentSpanId === at.spanId);
        below.push(...children);
        stack.push(...children);
      }
      // A kick drains its follower's outbox: before its first request, the drain's one Redis step and
      // its intent statement, nothing else.
      const requests = below
        .filter((x) => x.attributes['http.request.method'] === 'POST')
        .sort((a, b) => a.startMs - b.startMs);
      const request = requests[0];
      expect(request).toBeDefined();
      const before = below.filter((x) => x.startMs < request!.startMs);
      // The copy path's busy mark (a script call that sets or extends the key audit and exit-sync read)
      // goes beside the drain, not waited for.
      const busyMark = (x: TraceSpan) => JSON.stringify(x.attributes).includes(':copy-path-busy');
      const redis = before.filter((x) => system(x) === 'redis' && !busyMark(x)).map((x) => x.name);
      expect(redis.length).toBeGreaterThanOrEqual(1);
      expect(redis.length).toBeLessThanOrEqual(requests.length);
      expect(new Set(redis)).toEqual(new Set(['evalsha']));
      const statements = before.filter((x) => x.name.startsWith('pg.query')).map((x) => x.name.split(' ')[0]);
      expect(statements.length).toBeGreaterThanOrEqual(1);
      expect(statements.length).toBeLessThanOrEqual(requests.length);
      // A named statement's span is named for it: the intent INSERT (intent-batches.ts).
      expect(new Set(statements)).toEqual(new Set(['pg.query:intents_insert_sent']));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { legsOfTraces } from './legs-of-traces.ts';
import { legTimelines, stageDurations } from './stage-durations.ts';
import type { TraceSpan } from './trace-span.ts';

let next = 0;
function span(
  name: string,
  parent: TraceSpan | undefined,
  startMs: number,
  endMs: number,
  more: Partial<TraceSpan> = {},
): TraceSpan {
  next += 1;
  return {
    traceId: 't1',
    spanId: `s${next}`,
    ...(parent && { parentSpanId: parent.spanId }),
    name,
    kind: 1,
    startMs,
    endMs,
    attributes: {},
    events: [],
    ...more,
  };
}

/** One fill to one follower, as the services emit it; times in ms from 1000. */
function oneLeg(follower: string, offset: number): TraceSpan[] {
  const fill = span('listener.master_fill', undefined, 1000, 1004);
  const add = span('add master-fills.master-fill', fill, 1001, 1002, { kind: 4 });
  const processFill = span('process master-fills', add, 1003, 1012, { kind: 5 });
  const decision = span('mapper.follower', processFill, 1004 + offset, 1010 + offset, {
    attributes: { 'copytrade.follower_account_id': follower },
    events: [{ name: 'target.committed', timeMs: 1007 + offset }],
  });
  const kick = span('add copy-orders.kick', decision, 1007 + offset, 1008 + offset, { kind: 4 });
  const processKick = span('process copy-orders', kick, 1009 + offset, 1030 + offset, { kind: 5 });
  const leg = span('executor.leg', processKick, 1011 + offset, 1028 + offset, {
    attributes: { 'copytrade.follower_account_id': follower, 'copytrade.client_order_id': `cid-${follower}` },
  });
  const request = span('POST', leg, 1013 + offset, 1020 + offset, {
    kind: 3,
    attributes: { 'http.request.method': 'POST' },
  });
  const addAudit = span('add audit-events.cid:accepted', leg, 1021 + offset, 1022 + offset, { kind: 4 });
  const processAudit = span('process audit-events', addAudit, 1023 + offset, 1027 + offset, { kind: 5 });
  const record = span('audit.record', processAudit, 1024 + offset, 1026 + offset);
  const redis = span('evalsha', leg, 1011 + offset, 1012 + offset, { kind: 3 });
  return [
    fill,
    add,
    processFill,
    decision,
    kick,
    processKick,
    leg,
    request,
    addAudit,
    processAudit,
    record,
    redis,
  ];
}

/** `oneLeg` with the kick sent in a batch: `addBulk copy-orders` under the fan-out, beside the decision. */
function oneBatchedLeg(follower: string, offset: number): TraceSpan[] {
  const spans = oneLeg(follower, offset);
  const processFill = spans.find((s) => s.name === 'process master-fills')!;
  return spans.map((s) =>
    s.name.startsWith('add copy-orders')
      ? { ...s, name: 'addBulk copy-orders', parentSpanId: processFill.spanId }
      : s,
  );
}

/** `oneLeg` with the kick queued by the target step on the kick stream: taken in `executor.stream_kick`. */
function oneStreamLeg(follower: string, offset: number): TraceSpan[] {
  const spans = oneLeg(follower, offset).filter((s) => s.name !== 'add copy-orders.kick');
  const decision = spans.find((s) => s.name === 'mapper.follower')!;
  return spans.map((s) =>
    s.name === 'process copy-orders'
      ? { ...s, name: 'executor.stream_kick', kind: 1, parentSpanId: decision.spanId }
      : s,
  );
}

describe('stage durations of a traced fill', () => {
  it('reads a kick off the stream as queued when the decision committed', () => {
    const [stages] = stageDurations(oneStreamLeg('f1', 0));
    expect(stages).toMatchObject({ seenToMapped: 7, mappedToEnqueued: 0, enqueuedToPickedUp: 2, total: 26 });
  });

  it('reads a stream kick taken before the mapper had its step’s reply as taken when committed', () => {
    const spans = oneStreamLeg('f1', 0).map((s) =>
      s.name === 'executor.stream_kick' ? { ...s, startMs: 1006.5 } : s,
    );
    const [t] = legTimelines(spans);
    expect(t).toMatchObject({ mapped: 1006.5, legEnqueued: 1006.5, executorPickedUp: 1006.5 });
  });

  it('finds the decision of a leg whose kick went out in a batch by its follower', () => {
    expect(stageDurations(oneBatchedLeg('f1', 0))).toEqual(stageDurations(oneLeg('f1', 0)));
    expect(stageDurations(oneBatchedLeg('f1', 0))).toHaveLength(1);
  });

  it('splits a leg into the steps from the fill seen to its audit record', () => {
    expect(stageDurations(oneLeg('f1', 0))).toEqual([
      {
        followerAccountId: 'f1',
        clientOrderId: 'cid-f1',
        seenToMapped: 7,
        mappedToEnqueued: 1,
        enqueuedToPickedUp: 1,
        pickedUpToRequest: 4,
        requestToAccepted: 7,
        acceptedToAudited: 6,
        total: 26,
      },
    ]);
  });

  it('reads each follower of a fan-out on its own, sharing the fill', () => {
    const first = oneLeg('f1', 0);
    const second = oneLeg('f2', 5).slice(3); // the same fill and master-fills hop
    for (const s of second) if (s.name === 'mapper.follower') s.parentSpanId = first[2]!.spanId;
    const timelines = legTimelines([...first, ...second]);
    expect(timelines.map((t) => [t.followerAccountId, t.fillSeen, t.mapped, t.audited])).toEqual([
      ['f1', 1000, 1007, 1026],
      ['f2', 1000, 1012, 1031],
    ]);
  });

  it('takes the decision span end when it has no commit event', () => {
    const spans = oneLeg('f1', 0);
    spans[3]!.events = [];
    expect(legTimelines(spans)[0]!.mapped).toBe(1010);
  });

  it('leaves out a leg whose chain is incomplete: no request, no audit record yet', () => {
    const spans = oneLeg('f1', 0);
    expect(stageDurations(spans.filter((s) => s.name !== 'POST'))).toEqual([]);
    expect(stageDurations(spans.filter((s) => s.name !== 'audit.record'))).toEqual([]);
    expect(stageDurations([])).toEqual([]);
  });
});

describe('legs of many traces', () => {
  /** A whole trace of its own, `shift` ms after the first, with its own trace id. */
  const traceAt = (traceId: string, shift: number, follower: string) =>
    oneLeg(follower, 0).map((s) => ({ ...s, traceId, startMs: s.startMs + shift, endMs: s.endMs + shift }));

  it('reads every trace, in the order they began', () => {
    const spans = [...traceAt('late', 50, 'f2'), ...traceAt('early', 0, 'f1')];
    expect(legsOfTraces(spans).map((l) => l.followerAccountId)).toEqual(['f1', 'f2']);
  });

  it('keeps the last traces with a leg only: a trace without one (a fill seen again) does not count', () => {
    const seenAgain = span('listener.master_fill', undefined, 1200, 1201, { traceId: 'seen' });
    const spans = [
      ...traceAt('a', 0, 'f1'),
      ...traceAt('b', 50, 'f2'),
      ...traceAt('c', 100, 'f3'),
      seenAgain,
    ];
    expect(legsOfTraces(spans, 2).map((l) => l.followerAccountId)).toEqual(['f2', 'f3']);
    expect(legsOfTraces(spans, 10)).toHaveLength(3);
  });
});

import { copyAttributes, copySpans, type TraceSpan } from './trace-span.ts';

const spanKindClient = 3;

/** When each step of one follower's leg happened (ms since the epoch), from one trace. */
export interface LegTimeline {
  followerAccountId: string;
  clientOrderId: string;
  fillSeen: number;
  mapped: number;
  legEnqueued: number;
  executorPickedUp: number;
  exchangeRequest: number;
  accepted: number;
  audited: number;
}

/** Milliseconds spent between consecutive steps of `LegTimeline`, and in all. */
export interface LegStages {
  followerAccountId: string;
  clientOrderId: string;
  /** Listener, the master-fills hop, the decision and its Lua step. */
  seenToMapped: number;
  /** The copy-orders kick reaching Redis (none for a kick the target step queued on the kick stream). */
  mappedToEnqueued: number;
  /** Waiting in copy-orders, or on the kick stream, until an executor takes the kick. */
  enqueuedToPickedUp: number;
  /** Outbox, kill switch, broker, intent write: up to the request leaving. */
  pickedUpToRequest: number;
  /** The exchange's round trip. */
  requestToAccepted: number;
  /** The last audit record of the leg written after the answer. */
  acceptedToAudited: number;
  total: number;
}

function ancestor(span: TraceSpan, byId: Map<string, TraceSpan>, match: (s: TraceSpan) => boolean) {
  let at = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
  while (at !== undefined && !match(at))
    at = at.parentSpanId === undefined ? undefined : byId.get(at.parentSpanId);
  return at;
}

function descendants(root: TraceSpan, children: Map<string, TraceSpan[]>): TraceSpan[] {
  const found: TraceSpan[] = [];
  const stack = [...(children.get(root.spanId) ?? [])];
  while (stack.length > 0) {
    const span = stack.pop()!;
    found.push(span);
    stack.push(...(children.get(span.spanId) ?? []));
  }
  return found;
}

// bullmq-otel names a producer span `add <queue>.<job name>` (`addBulk <queue>` for many jobs at
// once), a consumer span `process <queue>`.
const isProducerOf = (queue: string) => (s: TraceSpan) =>
  s.name.startsWith(`add ${queue}.`) || s.name === `addBulk ${queue}`;
const isConsumerOf = (queue: string) => (s: TraceSpan) => s.name === `process ${queue}`;

/**
 * Turns the spans of one master fill's trace into a timeline per follower leg that reached the
 * exchange. A leg whose chain misses a step (no request sent, no audit record yet) is left out.
 */
export function legTimelines(spans: readonly TraceSpan[]): LegTimeline[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    if (span.parentSpanId === undefined) continue;
    const siblings = children.get(span.parentSpanId) ?? [];
    siblings.push(span);
    children.set(span.parentSpanId, siblings);
  }
  // A kick sent in a batch (one addBulk for many followers) hangs off the fan-out, not off its
  // follower's decision: that decision is found by the follower's account id.
  const decisions = new Map(
    spans
      .filter((s) => s.name === copySpans.follower)
      .map((s) => [String(s.attributes[copyAttributes.followerAccountId] ?? ''), s]),
  );
  const timelines: LegTimeline[] = [];
  for (const leg of spans.filter((s) => s.name === copySpans.leg)) {
    const pickedUp = ancestor(
      leg,
      byId,
      (s) => s.name === copySpans.streamKick || isConsumerOf('copy-orders')(s),
    );
    // A kick off the stream was queued by the target step itself, when the decision committed.
    const fromStream = pickedUp?.name === copySpans.streamKick;
    const kick = fromStream ? undefined : ancestor(leg, byId, isProducerOf('copy-orders'));
    const follower =
      ancestor(leg, byId, (s) => s.name === copySpans.follower) ??
      decisions.get(String(leg.attributes[copyAttributes.followerAccountId] ?? ''));
    const fill = ancestor(leg, byId, (s) => s.name === copySpans.masterFill);
    const below = descendants(leg, children);
    const request = below
      .filter((s) => s.kind === spanKindClient && s.attributes['http.request.method'] !== undefined)
      .sort((a, b) => a.startMs - b.startMs)[0];
    const audits = below.filter((s) => s.name === copySpans.auditRecord);
    if (!pickedUp || (!kick && !fromStream) || !follower || !fill || !request || audits.length === 0)
      continue;
    const replied = follower.events.find((e) => e.name === copySpans.committed)?.timeMs ?? follower.endMs;
    // The stream's kick exists once the step ran, and an executor may read it before the mapper has
    // the step's reply: the commit is no later than either.
    const committed = fromStream ? Math.min(replied, pickedUp.startMs) : replied;
    timelines.push({
      followerAccountId: String(leg.attributes[copyAttributes.followerAccountId] ?? ''),
      clientOrderId: String(leg.attributes[copyAttributes.clientOrderId] ?? ''),
      fillSeen: fill.startMs,
      mapped: committed,
      legEnqueued: kick?.endMs ?? committed,
      executorPickedUp: pickedUp.startMs,
      exchangeRequest: request.startMs,
      accepted: request.endMs,
      audited: Math.max(...audits.map((s) => s.endMs)),
    });
  }
  return timelines;
}

/** The stage durations of each leg in one trace (see `LegStages`). */
export function stageDurations(spans: readonly TraceSpan[]): LegStages[] {
  return legTimelines(spans).map((t) => ({
    followerAccountId: t.followerAccountId,
    clientOrderId: t.clientOrderId,
    seenToMapped: t.mapped - t.fillSeen,
    mappedToEnqueued: t.legEnqueued - t.mapped,
    enqueuedToPickedUp: t.executorPickedUp - t.legEnqueued,
    pickedUpToRequest: t.exchangeRequest - t.executorPickedUp,
    requestToAccepted: t.accepted - t.exchangeRequest,
    acceptedToAudited: t.audited - t.accepted,
    total: t.audited - t.fillSeen,
  }));
}

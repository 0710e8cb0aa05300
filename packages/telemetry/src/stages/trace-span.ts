/** One finished span as the stage breakdown reads it (see `fromOtlpJson` for the wire form). */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Client spans (the exchange request) are kind 3 in OTLP. */
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
  events: { name: string; timeMs: number }[];
  /** The resource's `service.name`. */
  service?: string;
}

/** Names the copy path's spans carry, shared by the code that starts them and the breakdown. */
export const copySpans = {
  masterFill: 'listener.master_fill',
  /** The mapper taking a master fill off the fill stream (the listener's position step queued it). */
  streamFill: 'mapper.stream_fill',
  follower: 'mapper.follower',
  leg: 'executor.leg',
  /** The executor taking a kick off the kick stream (the mapper's target step queued it). */
  streamKick: 'executor.stream_kick',
  auditRecord: 'audit.record',
  /** Span event of `mapper.follower`: the target moved and the legs are in the outbox. */
  committed: 'target.committed',
} as const;

export const copyAttributes = {
  fillId: 'copytrade.fill_id',
  symbol: 'copytrade.symbol',
  masterAccountId: 'copytrade.master_account_id',
  source: 'copytrade.fill_source',
  followerAccountId: 'copytrade.follower_account_id',
  outcome: 'copytrade.outcome',
  reason: 'copytrade.reason',
  clientOrderId: 'copytrade.client_order_id',
  eventType: 'copytrade.event_type',
} as const;

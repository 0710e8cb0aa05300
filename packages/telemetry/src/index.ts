export { tracingEnvSchema, type TracingEnv } from './config/tracing-env.ts';
export { enableTracing, flushTracing, tracingStarted, type Tracing } from './setup/enable-tracing.ts';
export type { SpanAttributes, SpanHandle } from './spans/span-api.ts';
export { startTrace, withSpan } from './spans/with-span.ts';
export { copyAttributes, copySpans, type TraceSpan } from './stages/trace-span.ts';
export { type LegStages, type LegTimeline, legTimelines, stageDurations } from './stages/stage-durations.ts';
export { fromOtlpJson } from './stages/from-otlp-json.ts';
export { type Spread, type StageName, stageNames, summarizeStages } from './stages/stage-summary.ts';
export { type OtlpReceiver, startOtlpReceiver } from './testing/otlp-receiver.ts';

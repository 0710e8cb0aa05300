import { z } from 'zod';
import type { TraceSpan } from './trace-span.ts';

const anyValue = z.object({
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: z.union([z.string(), z.number()]).optional(),
  doubleValue: z.number().optional(),
});
const keyValue = z.object({ key: z.string(), value: anyValue });
const nanos = z.union([z.string(), z.number()]);

/** The OTLP/HTTP JSON body of a trace export (`ExportTraceServiceRequest`), the parts read here. */
export const otlpTraceRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: z.array(keyValue).default([]) }).optional(),
        scopeSpans: z
          .array(
            z.object({
              spans: z
                .array(
                  z.object({
                    traceId: z.string(),
                    spanId: z.string(),
                    parentSpanId: z.string().optional(),
                    name: z.string(),
                    kind: z.number().default(0),
                    startTimeUnixNano: nanos,
                    endTimeUnixNano: nanos,
                    attributes: z.array(keyValue).default([]),
                    events: z.array(z.object({ name: z.string(), timeUnixNano: nanos })).default([]),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

const toMs = (value: string | number) => Number(BigInt(value) / 1_000n) / 1_000;

function plainValue(value: z.infer<typeof anyValue>): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.doubleValue ?? '';
}

function attributesOf(list: z.infer<typeof keyValue>[]) {
  return Object.fromEntries(list.map((kv) => [kv.key, plainValue(kv.value)]));
}

/** Flattens an OTLP/HTTP JSON export into `TraceSpan`s. Throws on a body that is not one. */
export function fromOtlpJson(body: unknown): TraceSpan[] {
  const request = otlpTraceRequest.parse(body);
  return request.resourceSpans.flatMap((resourceSpans) => {
    const service = attributesOf(resourceSpans.resource?.attributes ?? [])['service.name'];
    return resourceSpans.scopeSpans.flatMap((scope) =>
      scope.spans.map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId && { parentSpanId: span.parentSpanId }),
        name: span.name,
        kind: span.kind,
        startMs: toMs(span.startTimeUnixNano),
        endMs: toMs(span.endTimeUnixNano),
        attributes: attributesOf(span.attributes),
        events: span.events.map((e) => ({ name: e.name, timeMs: toMs(e.timeUnixNano) })),
        ...(typeof service === 'string' && { service }),
      })),
    );
  });
}

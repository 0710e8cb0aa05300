import { describe, expect, it } from 'vitest';
import { fromOtlpJson } from './from-otlp-json.ts';

describe('reading an OTLP/HTTP JSON export', () => {
  it('flattens resource and scope spans with their attributes, events and service', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'executor' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'ab',
                  spanId: 'cd',
                  parentSpanId: 'ef',
                  name: 'POST',
                  kind: 3,
                  startTimeUnixNano: '1700000000001500000',
                  endTimeUnixNano: 1700000000003000000,
                  attributes: [
                    { key: 'http.response.status_code', value: { intValue: '200' } },
                    { key: 'ok', value: { boolValue: true } },
                  ],
                  events: [{ name: 'target.committed', timeUnixNano: '1700000000002000000' }],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(fromOtlpJson(body)).toEqual([
      {
        traceId: 'ab',
        spanId: 'cd',
        parentSpanId: 'ef',
        name: 'POST',
        kind: 3,
        startMs: 1700000000001.5,
        endMs: 1700000000003,
        attributes: { 'http.response.status_code': 200, ok: true },
        events: [{ name: 'target.committed', timeMs: 1700000000002 }],
        service: 'executor',
      },
    ]);
  });

  it('refuses a body that is not an export, naming the field', () => {
    expect(() => fromOtlpJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'x' }] }] }] })).toThrow(
      /traceId/,
    );
  });
});

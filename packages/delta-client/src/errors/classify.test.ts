import { describe, expect, it } from 'vitest';
import { classifyResponse, responseKind } from './classify-response.ts';
import { classifyTransport } from './classify-transport.ts';
import type { DeltaErrorKind } from './delta-error.ts';

const envelope = (code: string, context?: Record<string, unknown>) => ({
  success: false,
  error: { code, context },
});

describe('responseKind', () => {
  const table: [number, string, string | undefined, DeltaErrorKind][] = [
    [400, 'POST', 'insufficient_margin', 'rejected'],
    [400, 'POST', 'order_size_exceed_available', 'rejected'],
    [400, 'POST', 'invalid_contract', 'rejected'],
    [400, 'POST', 'reduce_only_violation', 'rejected'],
    [404, 'GET', 'not_found', 'rejected'],
    [406, 'POST', undefined, 'rejected'],
    [401, 'GET', 'invalid_api_key', 'auth'],
    [401, 'POST', 'expired_signature', 'auth'],
    [403, 'GET', undefined, 'auth'],
    [400, 'POST', 'ip_not_whitelisted_for_api_key', 'auth'],
    [400, 'GET', 'SignatureExpired', 'auth'],
    [429, 'POST', undefined, 'rate_limited'],
    [429, 'GET', undefined, 'rate_limited'],
    [503, 'POST', 'unavailable', 'transient'],
    [503, 'GET', undefined, 'transient'],
    [500, 'GET', undefined, 'transient'],
    [502, 'GET', undefined, 'transient'],
    [500, 'POST', undefined, 'unknown_outcome'],
    [502, 'DELETE', undefined, 'unknown_outcome'],
    [504, 'POST', undefined, 'unknown_outcome'],
    [200, 'POST', 'insufficient_margin', 'rejected'],
  ];
  it.each(table)('%i %s %s → %s', (status, method, code, kind) => {
    expect(responseKind(status, method, code)).toBe(kind);
  });
});

describe('classifyResponse', () => {
  it('keeps code, context, status, method and path', () => {
    const err = classifyResponse({
      status: 400,
      body: envelope('insufficient_margin', { additional_margin_required: '12.5' }),
      method: 'POST',
      path: '/v2/orders',
      rateLimitResetMs: undefined,
      now: 1000,
    });
    expect(err).toMatchObject({
      kind: 'rejected',
      code: 'insufficient_margin',
      context: { additional_margin_required: '12.5' },
      status: 400,
      method: 'POST',
      path: '/v2/orders',
    });
  });

  it('reads the old `{error: "SignatureExpired"}` shape', () => {
    const err = classifyResponse({
      status: 401,
      body: { error: 'SignatureExpired', message: 'your signature has expired' },
      method: 'GET',
      path: '/v2/orders',
      rateLimitResetMs: undefined,
      now: 0,
    });
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('SignatureExpired');
  });

  it('turns a 429 into rate_limited with the reset time', () => {
    const err = classifyResponse({
      status: 429,
      body: undefined,
      method: 'GET',
      path: '/v2/fills',
      rateLimitResetMs: 2500,
      now: 10_000,
    });
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2500, resetAt: 12_500 });
  });

  it('removes secret-looking context', () => {
    const err = classifyResponse({
      status: 401,
      body: envelope('invalid_signature', {
        signature: 'abc',
        nested: { value: 'a'.repeat(64) },
        ip: '1.2.3.4',
      }),
      method: 'GET',
      path: '/v2/orders',
      rateLimitResetMs: undefined,
      now: 0,
    });
    expect(err.context).toEqual({ signature: '[redacted]', nested: { value: '[redacted]' }, ip: '1.2.3.4' });
  });
});

describe('classifyTransport', () => {
  const codeError = (code: string) => Object.assign(new Error(`failed ${code}`), { code });
  const table: [string, string, boolean, DeltaErrorKind][] = [
    ['ECONNREFUSED', 'POST', false, 'transient'],
    ['ENOTFOUND', 'POST', false, 'transient'],
    ['UND_ERR_CONNECT_TIMEOUT', 'DELETE', false, 'transient'],
    ['ECONNRESET', 'POST', false, 'unknown_outcome'],
    ['UND_ERR_SOCKET', 'POST', false, 'unknown_outcome'],
    ['UND_ERR_HEADERS_TIMEOUT', 'POST', false, 'unknown_outcome'],
    ['ECONNRESET', 'GET', false, 'transient'],
    ['ABORT_ERR', 'POST', true, 'unknown_outcome'],
    ['ABORT_ERR', 'GET', true, 'transient'],
  ];
  it.each(table)('%s on %s (timed out: %s) → %s', (code, method, timedOut, kind) => {
    const err = classifyTransport({
      error: codeError(code),
      method,
      path: '/v2/orders',
      timedOut,
      timeoutMs: 5000,
    });
    expect(err.kind).toBe(kind);
    expect(err.code).toBe(timedOut ? 'timeout' : code);
  });

  it('keeps only a sanitised copy of the cause', () => {
    const raw = Object.assign(new Error('other side closed'), {
      code: 'UND_ERR_SOCKET',
      headers: { signature: 'x' },
    });
    const err = classifyTransport({
      error: raw,
      method: 'POST',
      path: '/v2/orders',
      timedOut: false,
      timeoutMs: 1,
    });
    expect(err.cause).not.toBe(raw);
    expect(err.cause).toMatchObject({ message: 'other side closed', code: 'UND_ERR_SOCKET' });
    expect(Object.keys(err.cause as object)).not.toContain('headers');
  });
});

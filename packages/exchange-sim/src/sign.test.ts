import { describe, expect, it } from 'vitest';
import { signaturesEqual, signRequest, signWsAuth } from './sign.ts';

describe('signRequest', () => {
  it('matches the documented example', () => {
    const secret = '7b6f39dcf660ec1c7c664f612c60410a2bd0c258416b498bf0311f94228f';
    expect(signRequest(secret, 'GET', 1542110948, '/v2/orders?product_id=1&state=open', '')).toBe(
      '4e38dda3e6477092f360ba70399266d8145630b22bcc34c0ec7f804d5746877a',
    );
  });

  it('covers method, body and timestamp', () => {
    const a = signRequest('s', 'POST', 1, '/v2/orders', '{"size":1}');
    expect(signRequest('s', 'PUT', 1, '/v2/orders', '{"size":1}')).not.toBe(a);
    expect(signRequest('s', 'POST', 2, '/v2/orders', '{"size":1}')).not.toBe(a);
    expect(signRequest('s', 'POST', 1, '/v2/orders', '{"size":2}')).not.toBe(a);
  });

  it('signs the websocket prehash GET+timestamp+/live', () => {
    expect(signWsAuth('s', 10)).toBe(signRequest('s', 'GET', 10, '/live', ''));
  });

  it('compares signatures exactly', () => {
    expect(signaturesEqual('abcd', 'abcd')).toBe(true);
    expect(signaturesEqual('abcd', 'abce')).toBe(false);
    expect(signaturesEqual('abcd', 'abc')).toBe(false);
  });

  it('refuses a signature of the right length in characters but not in bytes (a non-ASCII header)', () => {
    // Node reads header values as latin1: 'é' is one character and two UTF-8 bytes.
    expect(signaturesEqual('abcd', 'abcé')).toBe(false);
  });
});

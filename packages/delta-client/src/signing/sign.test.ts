import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hmacHex, prehash, RequestSigner } from './sign.ts';

const secret = '7b6f39dcf660ec1c7c664f612c60410a2bd0c258416b498bf0311f94228f';
const expected = '4e38dda3e6477092f360ba70399266d8145630b22bcc34c0ec7f804d5746877a';

describe('signing', () => {
  it('matches the known vector from delta-api.md', () => {
    const text = prehash('GET', 1542110948, '/v2/orders', '?product_id=1&state=open', '');
    expect(text).toBe('GET1542110948/v2/orders?product_id=1&state=open');
    expect(hmacHex(secret, text)).toBe(expected);
  });

  it('signs REST requests through the signer', () => {
    const signer = new RequestSigner('key', secret);
    expect(signer.signRest('GET', 1542110948, '/v2/orders', '?product_id=1&state=open', '')).toBe(expected);
  });

  it('signs the WebSocket key-auth text', () => {
    const signer = new RequestSigner('key', secret);
    expect(signer.signLive(1542110948)).toBe(hmacHex(secret, 'GET1542110948/live'));
  });

  it('never reveals the secret when serialised or inspected', () => {
    const signer = new RequestSigner('key', secret);
    expect(JSON.stringify(signer)).not.toContain(secret);
    expect(inspect(signer, { showHidden: true, depth: 5 })).not.toContain(secret);
    expect(JSON.stringify({ ...signer })).not.toContain(secret);
  });
});

import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, hmacSha256Key } from './hmac-key.ts';
import { signRequest } from './sign.ts';

const reference = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message).digest('hex');

describe('hmacSha256Hex', () => {
  it('matches the documented Delta example', () => {
    const key = hmacSha256Key('7b6f39dcf660ec1c7c664f612c60410a2bd0c258416b498bf0311f94228f');
    expect(hmacSha256Hex(key, 'GET1542110948/v2/orders?product_id=1&state=open')).toBe(
      '4e38dda3e6477092f360ba70399266d8145630b22bcc34c0ec7f804d5746877a',
    );
  });

  it('equals createHmac for keys shorter, as long as and longer than a block, and odd text', () => {
    const secrets = [
      '',
      's',
      randomBytes(30).toString('hex'),
      'k'.repeat(64),
      'k'.repeat(65),
      randomBytes(100).toString('hex'),
      'é'.repeat(40), // 80 UTF-8 bytes from 40 characters
      '\ud800lone',
    ];
    const messages = [
      '',
      'GET1/live',
      'POST1764489600/v2/orders{"product_id":27,"size":1,"side":"buy","order_type":"market_order"}',
      '{"client_order_id":"ü€😀"}',
      'x\udc00y',
      'b'.repeat(5000),
    ];
    for (const secret of secrets) {
      const key = hmacSha256Key(secret);
      for (const message of messages) expect(hmacSha256Hex(key, message)).toBe(reference(secret, message));
    }
  });

  it('gives the same answer when one key signs many messages in turn', () => {
    const secret = randomBytes(30).toString('hex');
    const key = hmacSha256Key(secret);
    for (let i = 0; i < 200; i++) {
      const body = `{"size":${i}}`;
      expect(hmacSha256Hex(key, `POST${i}/v2/orders${body}`)).toBe(
        signRequest(secret, 'POST', i, '/v2/orders', body),
      );
    }
  });
});

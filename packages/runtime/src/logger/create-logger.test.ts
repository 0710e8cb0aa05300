import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, withCorrelation } from './create-logger.ts';

const canary = 'CANARY-7f3e-secret';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'debug', destination }) };
}

describe('logger', () => {
  it('writes JSON with the service name and the correlation id of a child', () => {
    const { lines, logger } = capture();
    withCorrelation(logger, 'fill-42').info({ follower: 'f1' }, 'copied');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ service: 'test', correlationId: 'fill-42', follower: 'f1', msg: 'copied' });
  });

  it('redacts secrets at any depth, in headers, and inside errors and their causes', () => {
    const { lines, logger } = capture();
    logger.info({ account: { id: 'a1', apiSecret: canary, nested: [{ signature: canary }] } }, 'account');
    logger.info({ headers: { 'api-key': canary, Authorization: `Bearer ${canary}` } }, 'request');
    const cause = Object.assign(new Error('inner'), { secret: canary });
    const error = Object.assign(new Error('outer', { cause }), {
      request: { signature: canary },
      apiKey: canary,
    });
    logger.error({ err: error }, 'failed');
    logger.error({ secretEnvelope: canary, api_secret: canary }, 'top-level');
    const text = lines.join('');
    expect(text).not.toContain(canary);
    expect(text).toContain('[redacted]');
    expect(JSON.parse(lines[2]!).err.cause.message).toBe('inner');
  });
});

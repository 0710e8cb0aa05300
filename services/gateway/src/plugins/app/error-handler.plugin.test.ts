import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../errors/http-error.ts';
import { errorHandlerPlugin } from './error-handler.plugin.ts';

async function build() {
  const logged: unknown[] = [];
  const app = Fastify({
    logger: { level: 'error', stream: { write: (line: string) => logged.push(JSON.parse(line)) } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorHandlerPlugin);
  app.get('/boom', async () => {
    throw new Error('connect ECONNREFUSED db.internal:5432 as user admin');
  });
  app.get('/gateway-timeout', async () => {
    throw new HttpError(504, 'timeout', 'no listener answered');
  });
  app.get('/teapot', async () => {
    throw new HttpError(409, 'conflict', 'already there');
  });
  app.get('/leaky', { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () => ({
    id: 'u1',
    passwordHash: 'scrypt$secret',
  }));
  app.get('/wrong-shape', { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () => ({
    id: 1,
  }));
  return { app, logged };
}

describe('error handler', () => {
  it('hides the details of a 5xx from the caller and logs them', async () => {
    const { app, logged } = await build();
    const answer = await app.inject({ url: '/boom' });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({ error: 'internal', message: 'internal error' });
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });

  it('keeps the code and message of a 4xx', async () => {
    const { app } = await build();
    expect((await app.inject({ url: '/teapot' })).json()).toEqual({
      error: 'conflict',
      message: 'already there',
    });
  });

  it('keeps the code and message of a 5xx the code raised as an HttpError (written for the caller)', async () => {
    const { app } = await build();
    const answer = await app.inject({ url: '/gateway-timeout' });
    expect(answer.statusCode).toBe(504);
    expect(answer.json()).toEqual({ error: 'timeout', message: 'no listener answered' });
  });

  it('drops fields a response schema does not name, and refuses a response of the wrong shape with a bare 500', async () => {
    const { app } = await build();
    expect((await app.inject({ url: '/leaky' })).json()).toEqual({ id: 'u1' });
    const wrong = await app.inject({ url: '/wrong-shape' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json()).toEqual({ error: 'internal', message: 'internal error' });
  });
});

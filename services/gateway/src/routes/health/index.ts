import { api } from '@copytrade/contracts';
import type { ReadinessCheck } from '@copytrade/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { requireRole } from '../../auth/guards.ts';

export interface HealthRouteOptions {
  checks: Record<string, ReadinessCheck>;
  registry: Registry;
}

/**
 * `/healthz` and `/readyz` answer anyone (load balancers); `/metrics` on this public port needs an
 * operator or admin (Prometheus scrapes the health port, HEALTH_PORT, instead).
 */
export const healthRoutes: FastifyPluginAsyncZod<HealthRouteOptions> = async (
  fastify,
  { checks, registry },
) => {
  const tags = ['health'];
  fastify.get(
    '/healthz',
    { schema: { summary: 'The process runs', tags, security: [], response: { 200: api.healthz } } },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/readyz',
    {
      schema: {
        summary: 'Redis and PostgreSQL answer',
        tags,
        security: [],
        response: { 200: api.readyz, 503: api.readyz },
      },
    },
    async (_request, reply) => {
      const results: Record<string, string> = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 2_000);
            results[name] = 'ok';
          } catch {
            // The reason stays in the server's own logs: a connection error can name hosts.
            results[name] = 'failed';
          }
        }),
      );
      const ready = Object.values(results).every((r) => r === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: results });
    },
  );

  fastify.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (operator, admin)', tags } },
    async (request, reply) => {
      requireRole(request, 'admin', 'operator');
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
};

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger/create-logger.ts';

/** A named readiness probe: resolves when the dependency answers, rejects otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

export interface HealthServerOptions {
  port: number;
  host?: string;
  checks: Record<string, ReadinessCheck>;
  registry: Registry;
  /** Where the reasons behind a failed check or a failed request go: never to the caller. */
  logger: Logger;
  /** Per-check time limit. @defaultValue 2000 */
  checkTimeoutMs?: number;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `/healthz` (the process runs), `/readyz` (every dependency answers), `/metrics` (Prometheus).
 * Probes and scrapers may sit outside the trust boundary, so answers carry check names and
 * `ok`/`failed` only: error text (hosts, users, driver messages) is logged, never returned.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { logger } = options;
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method !== 'GET') return reply(res, 405, { error: 'method not allowed' });
      if (path === '/healthz') return reply(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const results = await runChecks(options.checks, options.checkTimeoutMs ?? 2_000, logger);
        const ready = Object.values(results).every((r) => r === 'ok');
        return reply(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks: results });
      }
      if (path === '/metrics') {
        const body = await options.registry.metrics();
        res.writeHead(200, { 'content-type': options.registry.contentType });
        return res.end(body);
      }
      return reply(res, 404, { error: 'not found' });
    } catch (error) {
      logger.error({ err: error, path }, 'health endpoint failed');
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
  logger: Logger,
): Promise<Record<string, 'ok' | 'failed'>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, 'ok'] as const;
      } catch (error) {
        logger.warn({ err: error, check: name }, 'readiness check failed');
        return [name, 'failed'] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

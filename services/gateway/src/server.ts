import type { Logger } from '@copytrade/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { RequestLog } from './request-log.ts';

export interface ServerOptions {
  logger: Logger;
  /** Proxy hops whose X-Forwarded-For is trusted (0: the socket's address is the client's). */
  trustProxyHops: number;
}

/** The HTTP server's process-level settings: logger, proxy trust, time limits, body size. */
export function createServer(options: ServerOptions): FastifyInstance {
  return Fastify({
    loggerInstance: options.logger,
    logController: new RequestLog(),
    // Trust only the first N hops: a client cannot pick its own rate-limit key by faking the header.
    trustProxy: (_address: string, hop: number) => hop < options.trustProxyHops,
    bodyLimit: 64 * 1024,
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
}

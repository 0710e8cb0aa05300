import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One line per request with plain values: method, path (no query string), status and time. The
 * runtime's logger scrubs objects before pino's serializers see them, so Fastify's own `req`/`res`
 * lines would come out empty; these never hold headers, cookies or bodies either.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      path: request.url.split('?')[0],
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

import type { api } from '@copytrade/contracts';
import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.ts';

/**
 * One error handler: a 400 names each offending field (`body.email`), a 4xx keeps its message,
 * and a 5xx other than our own HttpError says only "internal error" (its details go to the log,
 * never to the caller).
 */
export const errorHandlerPlugin = fp(
  async (fastify) => {
    fastify.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? 'body';
        const issues = error.validation.flatMap((issue) => {
          const path = issue.instancePath.slice(1).replaceAll('/', '.');
          const keys = (issue.params as { keys?: string[] }).keys;
          if (issue.keyword === 'unrecognized_keys' && keys)
            return keys.map((key) => ({ field: join(where, path, key), message: 'unknown field' }));
          return [{ field: join(where, path), message: issue.message ?? 'invalid' }];
        });
        const body: api.ApiError = {
          error: 'bad_request',
          message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
          issues,
        };
        return reply.code(400).send(body);
      }
      const status = error.statusCode ?? 500;
      // An HttpError's message is safe by construction (a 502 naming the exchange, say).
      if (status >= 500 && !(error instanceof HttpError)) {
        request.log.error({ err: error }, 'request failed');
        return reply.code(status).send({ error: 'internal', message: 'internal error' });
      }
      if (status >= 500) request.log.warn({ err: error }, 'request failed');
      const code = error instanceof HttpError ? error.code : codeOf(status);
      const issues = error instanceof HttpError ? error.issues : undefined;
      return reply.code(status).send({ error: code, message: error.message, ...(issues ? { issues } : {}) });
    });
    fastify.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
    );
  },
  { name: 'error-handler' },
);

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

function codeOf(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  };
  return codes[status] ?? 'error';
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireRole, requireSameOrigin } from '../../auth/guards.ts';
import { HttpError } from '../../errors/http-error.ts';

export const queuesPath = '/admin/queues';

/**
 * Bull Board for every queue, for operators and admins logged in through the browser. Its own
 * scripts cannot send our CSRF header, so its writes (retry, clean…) must come from our origin,
 * on top of the SameSite=Strict cookie.
 */
export const queuesRoutes: FastifyPluginAsync<{ queues: Queue[] }> = async (fastify, { queues }) => {
  fastify.addHook('preHandler', guard);
  const serverAdapter = new FastifyAdapter().setBasePath(queuesPath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  await fastify.register(serverAdapter.registerPlugin(), { prefix: queuesPath });
};

/** Answers here rather than throwing: Bull Board's error handler would turn a 401 into a 500. */
async function guard(request: FastifyRequest, reply: FastifyReply) {
  try {
    const principal = requireRole(request, 'admin', 'operator');
    if (principal.via !== 'session')
      throw new HttpError(403, 'forbidden', 'Bull Board needs a browser login');
    requireSameOrigin(request);
  } catch (error) {
    const { statusCode, code, message } = error as HttpError;
    return reply.code(statusCode).send({ error: code, message });
  }
}

import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../../../auth/guards.ts';
import { systemStatus } from '../../../ops/system-status.ts';
import type { RouteDeps } from '../../route-deps.ts';

export const statusRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, ops }) => {
  fastify.get(
    '/',
    {
      schema: {
        summary: 'Services alive, queue depths, kill switch, copy latency and drift (operators)',
        tags: ['status'],
        response: { 200: api.systemStatus, ...api.errorResponses },
      },
    },
    async (request) => {
      requireRole(request, 'admin', 'operator');
      return systemStatus(db, ops);
    },
  );
};

import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../../../auth/guards.ts';
import { listManualActions } from '../../../records/manual-actions.ts';
import type { RouteDeps } from '../../route-deps.ts';

export const manualActionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  fastify.get(
    '/',
    {
      schema: {
        summary:
          'Recent manual actions (kill switch, triggers, account and follow changes) and who took them (operators)',
        tags: ['status'],
        querystring: api.manualActionsQuery,
        response: { 200: api.manualActionList, ...api.errorResponses },
      },
    },
    async (request) => {
      requireRole(request, 'admin', 'operator');
      return { actions: await listManualActions(db, request.query) };
    },
  );
};

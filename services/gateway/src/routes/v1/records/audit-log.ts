import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { listAuditLog } from '../../../records/audit-log.ts';
import { visibleAccounts } from '../../../records/owner-scope.ts';
import type { RouteDeps } from '../../route-deps.ts';

export const auditLogRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  fastify.get(
    '/audit-log',
    {
      schema: {
        summary: 'The audit trail, newest first (clients: rows naming one of their accounts)',
        tags: ['records'],
        querystring: api.auditLogQuery,
        response: { 200: api.auditLogPage, ...api.errorResponses },
      },
    },
    async (request) => listAuditLog(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );
};

import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { notFound } from '../../../errors/http-error.ts';
import { auditTrail, toApiAuditEntry } from '../../../records/audit-log.ts';
import { findCopyTrade, listCopyTrades, toApiCopyTrade } from '../../../records/copy-trades.ts';
import { canSee, visibleAccounts } from '../../../records/owner-scope.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** A client reads the copies whose follower or master account is its own; a copy it may not see is 404. */
export const copyTradeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  const tags = ['records'];

  fastify.get(
    '/',
    {
      schema: {
        summary: 'List copy trades, newest first',
        tags,
        querystring: api.copyTradeListQuery,
        response: { 200: api.copyTradeList, ...api.errorResponses },
      },
    },
    async (request) =>
      listCopyTrades(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One copy trade',
        tags,
        params: api.copyTradeParams,
        response: { 200: api.copyTrade, ...api.errorResponses },
      },
    },
    async (request) => {
      const accounts = await visibleAccounts(db, requirePrincipal(request));
      const copy = await findCopyTrade(db, request.params.id);
      if (!copy || !canSee(accounts, copy.followerId, copy.masterAccountId)) throw notFound('copy trade');
      return toApiCopyTrade(copy);
    },
  );

  fastify.get(
    '/:id/audit',
    {
      schema: {
        summary: 'The audit trail of one copy, in chain order',
        description:
          'The audit rows of the copy’s correlation id that name its follower or its master account ' +
          '(not the sibling copies to other followers); a client sees only those naming its own accounts.',
        tags,
        params: api.copyTradeParams,
        response: { 200: api.copyTradeAudit, ...api.errorResponses },
      },
    },
    async (request) => {
      const accounts = await visibleAccounts(db, requirePrincipal(request));
      const copy = await findCopyTrade(db, request.params.id);
      if (!copy || !canSee(accounts, copy.followerId, copy.masterAccountId)) throw notFound('copy trade');
      const named = [copy.followerId, copy.masterAccountId].filter((id) => canSee(accounts, id));
      const rows = await auditTrail(db, copy.correlationId, named);
      return { copyTradeId: copy.id, correlationId: copy.correlationId, entries: rows.map(toApiAuditEntry) };
    },
  );
};

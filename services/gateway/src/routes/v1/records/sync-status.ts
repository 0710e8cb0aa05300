import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { visibleAccounts } from '../../../records/owner-scope.ts';
import { listPositionSync, listTradeSync } from '../../../records/sync-status.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** Sync state per follow and symbol (exit-sync) and per order; a client's own follower or master rows. */
export const syncStatusRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  const tags = ['records'];

  fastify.get(
    '/sync-status',
    {
      schema: {
        summary: 'Position sync per follow and symbol, newest first',
        tags,
        querystring: api.syncStatusQuery,
        response: { 200: api.syncStatusPage, ...api.errorResponses },
      },
    },
    async (request) =>
      listPositionSync(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );

  fastify.get(
    '/trade-sync-status',
    {
      schema: {
        summary: 'Sync of each follower order with its master trade, newest first',
        tags,
        querystring: api.tradeSyncQuery,
        response: { 200: api.tradeSyncPage, ...api.errorResponses },
      },
    },
    async (request) => listTradeSync(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );
};

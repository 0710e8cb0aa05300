import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../../route-deps.ts';
import { auditLogRoutes } from './audit-log.ts';
import { copyTradeRoutes } from './copy-trades.ts';
import { latencyRoutes } from './latency.ts';
import { masterFillRoutes } from './master-fills.ts';
import { syncStatusRoutes } from './sync-status.ts';
import { tradeHistoryRoutes } from './trade-history.ts';

/** Read-only records, each list with filters and cursor pages, scoped to the caller's accounts. */
export const recordRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, options) => {
  // Options carry the prefix this plugin was registered under: passed on as they are, it would repeat.
  const deps = { ...options, prefix: '' };
  await fastify.register(masterFillRoutes, { ...deps, prefix: '/master-fills' });
  await fastify.register(copyTradeRoutes, { ...deps, prefix: '/copy-trades' });
  await fastify.register(syncStatusRoutes, deps);
  await fastify.register(tradeHistoryRoutes, deps);
  await fastify.register(auditLogRoutes, deps);
  await fastify.register(latencyRoutes, deps);
};

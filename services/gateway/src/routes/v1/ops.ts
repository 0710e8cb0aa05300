import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../route-deps.ts';
import { eventRoutes } from './events/index.ts';
import { killSwitchRoutes } from './kill-switch/index.ts';
import { manualActionRoutes } from './manual-actions/index.ts';
import { statusRoutes } from './status/index.ts';
import { triggerRoutes } from './triggers/index.ts';

/** Operations: manual triggers, the kill switch, the status page, live events and manual actions. */
export const opsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, deps) => {
  await fastify.register(triggerRoutes, { ...deps, prefix: '/triggers' });
  await fastify.register(killSwitchRoutes, { ...deps, prefix: '/kill-switch' });
  await fastify.register(statusRoutes, { ...deps, prefix: '/status' });
  await fastify.register(eventRoutes, { ...deps, prefix: '/events' });
  await fastify.register(manualActionRoutes, { ...deps, prefix: '/manual-actions' });
};

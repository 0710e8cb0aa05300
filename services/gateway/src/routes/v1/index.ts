import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../route-deps.ts';
import { accountRoutes } from './accounts/index.ts';
import { followRoutes } from './follows/index.ts';
import { apiKeyRoutes } from './api-keys/index.ts';
import { v1Autohooks } from './autohooks.ts';
import { meRoutes } from './me/index.ts';
import { notificationRoutes } from './notifications/index.ts';
import { recordRoutes } from './records/index.ts';
import { opsRoutes } from './ops.ts';
import { userRoutes } from './users/index.ts';
import { venueRoutes } from './venues/index.ts';

/** The versioned API; its autohooks (registered first, in this scope only) guard every route. */
export const v1Routes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, deps) => {
  await fastify.register(v1Autohooks);
  await fastify.register(meRoutes);
  await fastify.register(userRoutes, { ...deps, prefix: '/users' });
  await fastify.register(apiKeyRoutes, { ...deps, prefix: '/api-keys' });
  await fastify.register(recordRoutes, { ...deps, prefix: '' });
  await fastify.register(accountRoutes, { ...deps, prefix: '/accounts' });
  await fastify.register(followRoutes, { ...deps, prefix: '/follows' });
  await fastify.register(venueRoutes, { ...deps, prefix: '/venues' });
  await fastify.register(opsRoutes, { ...deps, prefix: '' });
  await fastify.register(notificationRoutes, { ...deps, prefix: '/notifications' });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../../route-deps.ts';
import { pushDeviceRoutes } from './push-devices.ts';
import { subscriptionRoutes } from './subscriptions.ts';
import { webhookRoutes } from './webhooks.ts';

/** Notifications: your webhook endpoints, your browsers for Web Push, and what you subscribe them to. */
export const notificationRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, deps) => {
  await fastify.register(webhookRoutes, { ...deps, prefix: '/webhooks' });
  await fastify.register(subscriptionRoutes, { ...deps, prefix: '/subscriptions' });
  await fastify.register(pushDeviceRoutes, { ...deps, prefix: '/push' });
};

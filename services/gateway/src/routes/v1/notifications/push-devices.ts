import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { conflict, invalidFields, notFound } from '../../../errors/http-error.ts';
import { checkEndpoint } from '../../../notifications/check-endpoint.ts';
import { savePushDevice, toApiDevice } from '../../../notifications/push-device-repository.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** Each device costs the notifier a push per matching event: a user gets a bounded number. */
const maxDevicesPerUser = 20;

/**
 * Web Push: the VAPID public key a browser subscribes with, and the browsers ("devices") that
 * asked to be notified. A device is its owner's alone; another's reads as not found.
 */
export const pushDeviceRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, notifications }) => {
  const tags = ['notifications'];
  const { vault, policy, changed, vapidPublicKey } = notifications;

  fastify.get(
    '/key',
    {
      schema: {
        summary: 'The VAPID public key to subscribe a browser with (null: Web Push is off)',
        tags,
        response: { 200: api.vapidPublicKey, ...api.errorResponses },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return { publicKey: vapidPublicKey ?? null };
    },
  );

  fastify.post(
    '/devices',
    {
      schema: {
        summary: "Register this browser's push subscription (PushSubscription.toJSON())",
        tags,
        body: api.createPushSubscriptionBody,
        response: { 201: api.pushDevice, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (vapidPublicKey === undefined)
        throw invalidFields([{ field: 'body', message: 'Web Push is not configured on this server' }]);
      // The notifier will POST to this URL: the same address rules as webhooks (and https always).
      await checkEndpoint(request.body.endpoint, { ...policy, requireHttps: true }, 'body.endpoint');
      const existing = await db.pushSubscription.findUnique({
        where: { endpoint: request.body.endpoint },
        select: { userId: true },
      });
      if (existing?.userId !== principal.user.id) {
        const count = await db.pushSubscription.count({ where: { userId: principal.user.id } });
        if (count >= maxDevicesPerUser)
          throw conflict(`at most ${maxDevicesPerUser} devices per user; remove one first`);
      }
      const row = await savePushDevice(db, vault, {
        userId: principal.user.id,
        body: request.body,
        userAgent: request.headers['user-agent'] ?? null,
      });
      await changed({
        actorUserId: principal.user.id,
        target: 'push_device',
        id: row.id,
        action: 'created',
        fields: ['endpoint', 'keys'],
      });
      return reply.code(201).send(toApiDevice(row));
    },
  );

  fastify.get(
    '/devices',
    {
      schema: {
        summary: 'Your browsers registered for Web Push',
        tags,
        response: { 200: api.pushDeviceList, ...api.errorResponses },
      },
    },
    async (request) => {
      const rows = await db.pushSubscription.findMany({
        where: { userId: requirePrincipal(request).user.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return { devices: rows.map(toApiDevice) };
    },
  );

  fastify.delete(
    '/devices/:id',
    {
      schema: {
        summary: 'Stop notifying a browser',
        tags,
        params: api.pushDeviceParams,
        response: { 204: api.noContent, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { count } = await db.pushSubscription.deleteMany({
        where: { id: request.params.id, userId: principal.user.id },
      });
      if (count === 0) throw notFound('device');
      await changed({
        actorUserId: principal.user.id,
        target: 'push_device',
        id: request.params.id,
        action: 'deleted',
        fields: [],
      });
      return reply.code(204).send(null);
    },
  );
};

import { api, operatorNotificationKinds } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal, seesEveryone } from '../../../auth/guards.ts';
import type { Principal } from '../../../auth/principal.ts';
import { invalidFields, notFound } from '../../../errors/http-error.ts';
import { toApiSubscription } from '../../../notifications/subscription-repository.ts';
import type { RouteDeps } from '../../route-deps.ts';

/**
 * Subscriptions are personal: which kinds of events of your own accounts (optionally of some of
 * your follows only) go to which of your endpoints, to your account's email address (no other
 * address can be chosen, so none needs verifying), or to the browsers you registered for Web Push. Another's endpoint, follow or subscription
 * reads as not found.
 */
export const subscriptionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (
  fastify,
  { db, notifications },
) => {
  const tags = ['notifications'];
  const subscriptionChange = (
    actorUserId: string,
    id: string,
    action: 'created' | 'updated' | 'deleted',
    fields: string[],
  ) => notifications.changed({ actorUserId, target: 'subscription', id, action, fields });

  async function ownSubscription(principal: Principal, id: string) {
    const row = await db.notificationSubscription.findUnique({ where: { id } });
    if (!row || row.userId !== principal.user.id) throw notFound('subscription');
    return row;
  }

  async function checkEndpoint(principal: Principal, endpointId: string) {
    const endpoint = await db.webhookEndpoint.findUnique({
      where: { id: endpointId },
      select: { userId: true },
    });
    if (!endpoint || endpoint.userId !== principal.user.id) throw notFound('webhook endpoint');
  }

  /**
   * Each follow must be one of the caller's follower accounts' (a follow's events go to the
   * follower's owner); operators may pick any.
   */
  async function checkFollows(principal: Principal, followIds: readonly string[]) {
    if (followIds.length === 0) return;
    const owner = seesEveryone(principal) ? {} : { follower: { userId: principal.user.id } };
    const found = await db.follow.count({ where: { id: { in: [...followIds] }, ...owner } });
    if (found !== followIds.length) throw notFound('follow');
  }

  function checkKinds(principal: Principal, kinds: readonly string[] | undefined) {
    if (seesEveryone(principal) || kinds === undefined) return;
    const refused = kinds.filter((kind) => operatorNotificationKinds.has(kind as never));
    if (refused.length > 0)
      throw invalidFields([
        { field: 'body.kinds', message: `${refused.join(', ')}: operators and admins only` },
      ]);
  }

  fastify.post(
    '/',
    {
      schema: {
        summary:
          'Subscribe one of your webhook endpoints, your account email or your browsers to kinds of events, optionally of some follows only',
        tags,
        body: api.createNotificationSubscriptionBody,
        response: { 201: api.notificationSubscription, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { body } = request;
      checkKinds(principal, body.kinds);
      // The body's schema makes a webhook name its endpoint and the other channels none.
      if (body.endpointId !== undefined) await checkEndpoint(principal, body.endpointId);
      if (body.channel === 'web_push' && notifications.vapidPublicKey === undefined)
        throw invalidFields([
          { field: 'body.channel', message: 'Web Push is not configured on this server' },
        ]);
      await checkFollows(principal, body.followIds);
      const row = await db.notificationSubscription.create({
        data: { userId: principal.user.id, ...body },
      });
      await subscriptionChange(principal.user.id, row.id, 'created', Object.keys(body));
      return reply.code(201).send(toApiSubscription(row));
    },
  );

  fastify.get(
    '/',
    {
      schema: {
        summary: 'Your notification subscriptions',
        tags,
        response: { 200: api.notificationSubscriptionList, ...api.errorResponses },
      },
    },
    async (request) => {
      const rows = await db.notificationSubscription.findMany({
        where: { userId: requirePrincipal(request).user.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return { subscriptions: rows.map(toApiSubscription) };
    },
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One notification subscription',
        tags,
        params: api.notificationSubscriptionParams,
        response: { 200: api.notificationSubscription, ...api.errorResponses },
      },
    },
    async (request) => toApiSubscription(await ownSubscription(requirePrincipal(request), request.params.id)),
  );

  fastify.patch(
    '/:id',
    {
      schema: {
        summary: 'Change the kinds or the follows of a subscription',
        tags,
        params: api.notificationSubscriptionParams,
        body: api.updateNotificationSubscriptionBody,
        response: { 200: api.notificationSubscription, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const row = await ownSubscription(principal, request.params.id);
      checkKinds(principal, request.body.kinds);
      if (request.body.followIds !== undefined) await checkFollows(principal, request.body.followIds);
      const updated = await db.notificationSubscription.update({ where: { id: row.id }, data: request.body });
      await subscriptionChange(principal.user.id, row.id, 'updated', Object.keys(request.body));
      return toApiSubscription(updated);
    },
  );

  fastify.delete(
    '/:id',
    {
      schema: {
        summary: 'Remove a notification subscription',
        tags,
        params: api.notificationSubscriptionParams,
        response: { 204: api.noContent, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const row = await ownSubscription(principal, request.params.id);
      await db.notificationSubscription.delete({ where: { id: row.id } });
      await subscriptionChange(principal.user.id, row.id, 'deleted', []);
      return reply.code(204).send(null);
    },
  );
};

import { api, webhookDeliveryJobOptions } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import type { Principal } from '../../../auth/principal.ts';
import { conflict, notFound } from '../../../errors/http-error.ts';
import { checkEndpoint } from '../../../notifications/check-endpoint.ts';
import type { NotificationChange } from '../../../notifications/notification-audit.ts';
import {
  listDeliveries,
  startRedelivery,
  toApiDelivery,
} from '../../../notifications/delivery-repository.ts';
import {
  createEndpoint,
  rotateSecret,
  toApiEndpoint,
  updateEndpoint,
} from '../../../notifications/endpoint-repository.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** Each endpoint costs the notifier a delivery per matching event: a user gets a bounded number. */
const maxEndpointsPerUser = 25;

/**
 * Webhook endpoints are personal: each user manages their own (another's reads as not found,
 * whatever the role). The signing secret is shown once, on creation and on rotation.
 */
export const webhookRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, notifications }) => {
  const tags = ['notifications'];
  const { vault, policy, deliveries, changed } = notifications;
  const endpointChange = (
    actorUserId: string,
    id: string,
    action: NotificationChange['action'],
    fields: string[],
  ) => changed({ actorUserId, target: 'webhook_endpoint', id, action, fields });

  async function ownEndpoint(principal: Principal, id: string) {
    const row = await db.webhookEndpoint.findUnique({ where: { id } });
    if (!row || row.userId !== principal.user.id) throw notFound('webhook endpoint');
    return row;
  }

  fastify.post(
    '/',
    {
      schema: {
        summary: 'Add a webhook endpoint; the answer holds its signing secret, shown this once',
        tags,
        body: api.createWebhookEndpointBody,
        response: { 201: api.webhookEndpointWithSecret, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const owned = await db.webhookEndpoint.count({ where: { userId: principal.user.id } });
      if (owned >= maxEndpointsPerUser)
        throw conflict(`at most ${maxEndpointsPerUser} webhook endpoints per user; remove one first`);
      await checkEndpoint(request.body.url, policy);
      const { row, secret } = await createEndpoint(db, vault, {
        userId: principal.user.id,
        url: request.body.url,
        description: request.body.description ?? null,
      });
      await endpointChange(principal.user.id, row.id, 'created', Object.keys(request.body));
      return reply.code(201).send({ endpoint: toApiEndpoint(row), secret });
    },
  );

  fastify.get(
    '/',
    {
      schema: {
        summary: 'Your webhook endpoints (disabled ones say why)',
        tags,
        response: { 200: api.webhookEndpointList, ...api.errorResponses },
      },
    },
    async (request) => {
      const rows = await db.webhookEndpoint.findMany({
        where: { userId: requirePrincipal(request).user.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return { endpoints: rows.map(toApiEndpoint) };
    },
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One webhook endpoint',
        tags,
        params: api.webhookEndpointParams,
        response: { 200: api.webhookEndpoint, ...api.errorResponses },
      },
    },
    async (request) => toApiEndpoint(await ownEndpoint(requirePrincipal(request), request.params.id)),
  );

  fastify.patch(
    '/:id',
    {
      schema: {
        summary: 'Change the URL or description, disable it, or enable it again (its failure count restarts)',
        tags,
        params: api.webhookEndpointParams,
        body: api.updateWebhookEndpointBody,
        response: { 200: api.webhookEndpoint, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const row = await ownEndpoint(principal, request.params.id);
      if (request.body.url !== undefined) await checkEndpoint(request.body.url, policy);
      const updated = await updateEndpoint(db, row.id, request.body);
      await endpointChange(principal.user.id, row.id, 'updated', Object.keys(request.body));
      return toApiEndpoint(updated);
    },
  );

  fastify.delete(
    '/:id',
    {
      schema: {
        summary: 'Remove a webhook endpoint with its subscriptions and delivery log',
        tags,
        params: api.webhookEndpointParams,
        response: { 204: api.noContent, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const row = await ownEndpoint(principal, request.params.id);
      await db.webhookEndpoint.delete({ where: { id: row.id } });
      await endpointChange(principal.user.id, row.id, 'deleted', []);
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    '/:id/rotate-secret',
    {
      schema: {
        summary:
          'A new signing secret (shown this once); the old one keeps signing beside it for the overlap',
        tags,
        params: api.webhookEndpointParams,
        body: api.rotateWebhookSecretBody,
        response: { 200: api.webhookEndpointWithSecret, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const row = await ownEndpoint(principal, request.params.id);
      const rotated = await rotateSecret(db, vault, row, request.body.overlapSeconds, new Date());
      if (!rotated.row) throw conflict('the secret was rotated meanwhile; try again');
      await endpointChange(principal.user.id, row.id, 'secret_rotated', ['secret']);
      return { endpoint: toApiEndpoint(rotated.row), secret: rotated.secret };
    },
  );

  fastify.get(
    '/:id/deliveries',
    {
      schema: {
        summary: "The endpoint's delivery log, newest first",
        tags,
        params: api.webhookEndpointParams,
        querystring: api.webhookDeliveryListQuery,
        response: { 200: api.webhookDeliveryList, ...api.errorResponses },
      },
    },
    async (request) => {
      const row = await ownEndpoint(requirePrincipal(request), request.params.id);
      const page = await listDeliveries(db, row.id, request.query);
      return { deliveries: page.items.map(toApiDelivery), nextCursor: page.nextCursor };
    },
  );

  fastify.post(
    '/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        summary: 'Send a past event again (same webhook-id, so a receiver that has it can drop it)',
        tags,
        params: api.webhookDeliveryParams,
        response: { 202: api.redeliveryAccepted, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const endpoint = await ownEndpoint(principal, request.params.id);
      const delivery = await db.webhookDelivery.findFirst({
        where: { id: request.params.deliveryId, endpointId: endpoint.id },
      });
      if (!delivery) throw notFound('delivery');
      if (endpoint.status !== 'active') throw conflict('the endpoint is disabled; enable it first');
      const next = await startRedelivery(db, delivery);
      const job = { endpointId: endpoint.id, eventId: next.eventId, round: next.round };
      const options = webhookDeliveryJobOptions(job);
      await deliveries.add('redeliver', job, options);
      await endpointChange(principal.user.id, endpoint.id, 'redelivery_requested', ['deliveries']);
      return reply.code(202).send({ jobId: options.jobId, delivery: toApiDelivery(next) });
    },
  );
};

import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createAccount,
  findAccount,
  listAccounts,
  toApiAccount,
  updateAccount,
} from '../../../accounts/account-repository.ts';
import { requirePrincipal, seesEveryone } from '../../../auth/guards.ts';
import { forbidden, invalidFields, notFound } from '../../../errors/http-error.ts';
import { findUser } from '../../../users/user-repository.ts';
import { findVenue } from '../../../venues/venues.ts';
import type { RouteDeps } from '../../route-deps.ts';

/**
 * Broker accounts: a client manages its own (another's reads as not found); operators and admins
 * see and change every one and may create one for a user. The API secret is write-only: it is
 * verified with the exchange, sealed by the vault and never shown again.
 */
export const accountRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, trading }) => {
  const tags = ['accounts'];
  const { vault, venues, verifyKey, changes } = trading;

  fastify.post(
    '/',
    {
      schema: {
        summary: 'Add a broker account: its API key is verified with the exchange first',
        tags,
        body: api.createAccountBody,
        response: { 201: api.brokerAccount, ...api.errorResponses, ...api.exchangeErrorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { body } = request;
      const userId = body.userId ?? principal.user.id;
      if (userId !== principal.user.id) {
        if (!seesEveryone(principal)) throw forbidden('clients add accounts only for themselves');
        const owner = await findUser(db, userId);
        if (!owner || owner.disabledAt !== null) throw notFound('user');
      }
      const venue = findVenue(venues, body.baseUrl);
      if (!venue)
        throw invalidFields([
          {
            field: 'body.baseUrl',
            message: `must be one of the exchange venues: ${venues.map((v) => v.restUrl).join(', ')}`,
          },
        ]);
      await verifyKey({ baseUrl: venue.restUrl, apiKey: body.apiKey, apiSecret: body.apiSecret });
      const row = await createAccount(db, vault, {
        userId,
        label: body.label,
        role: body.role,
        venue,
        apiKey: body.apiKey,
        apiSecret: body.apiSecret,
      });
      await changes.accountChanged({
        accountId: row.id,
        actorUserId: principal.user.id,
        action: 'created',
        fields: ['label', 'role', 'baseUrl', 'apiKey', 'apiSecret'],
      });
      return reply.code(201).send(toApiAccount(row));
    },
  );

  fastify.get(
    '/',
    {
      schema: {
        summary: 'List broker accounts (yours; operators and admins: everyone’s), newest first',
        tags,
        querystring: api.accountListQuery,
        response: { 200: api.accountList, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { userId, ...query } = request.query;
      if (!seesEveryone(principal) && userId !== undefined && userId !== principal.user.id)
        throw forbidden('clients list only their own accounts');
      const owner = seesEveryone(principal) ? userId : principal.user.id;
      const page = await listAccounts(db, { ...query, userId: owner });
      return { accounts: page.items.map(toApiAccount), nextCursor: page.nextCursor };
    },
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One broker account',
        tags,
        params: api.accountParams,
        response: { 200: api.brokerAccount, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const row = await findAccount(db, request.params.id);
      if (!row || (!seesEveryone(principal) && row.userId !== principal.user.id)) throw notFound('account');
      return toApiAccount(row);
    },
  );

  fastify.patch(
    '/:id',
    {
      schema: {
        summary: 'Rename, pause (close_only or frozen), disable, or rotate the API key (verified first)',
        tags,
        params: api.accountParams,
        body: api.updateAccountBody,
        response: { 200: api.brokerAccount, ...api.errorResponses, ...api.exchangeErrorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const row = await findAccount(db, request.params.id);
      if (!row || (!seesEveryone(principal) && row.userId !== principal.user.id)) throw notFound('account');
      const { body } = request;
      if (body.apiKey !== undefined && body.apiSecret !== undefined)
        await verifyKey({ baseUrl: row.baseUrl, apiKey: body.apiKey, apiSecret: body.apiSecret });
      const updated = await updateAccount(db, vault, row.id, body);
      await changes.accountChanged({
        accountId: row.id,
        actorUserId: principal.user.id,
        action: 'updated',
        fields: Object.keys(body).sort(),
      });
      return toApiAccount(updated);
    },
  );
};

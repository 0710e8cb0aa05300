import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal, seesEveryone } from '../../../auth/guards.ts';
import type { Principal } from '../../../auth/principal.ts';
import { forbidden, notFound } from '../../../errors/http-error.ts';
import type { RouteDeps } from '../../route-deps.ts';
import { findUser } from '../../../users/user-repository.ts';
import {
  createApiKey,
  findApiKey,
  listApiKeys,
  revokeApiKey,
  toApiKey,
} from '../../../api-keys/api-key-repository.ts';

/**
 * Each user creates, lists and revokes its own keys; operators see every key; admins create and
 * revoke anyone's. A client asking for another user's key is told it does not exist.
 */
export const apiKeyRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  const tags = ['api-keys'];

  fastify.post(
    '/',
    {
      schema: {
        summary: 'Create an API key: the full key is in this answer only',
        tags,
        body: api.createApiKeyBody,
        response: { 201: api.createdApiKey, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const userId = request.body.userId ?? principal.user.id;
      if (userId !== principal.user.id) {
        if (principal.user.role !== 'admin') throw forbidden('only an admin creates keys for others');
        const owner = await findUser(db, userId);
        if (!owner || owner.disabledAt !== null) throw notFound('user');
      }
      const { row, key } = await createApiKey(db, userId, request.body.name);
      return reply.code(201).send({ ...toApiKey(row), key });
    },
  );

  fastify.get(
    '/',
    {
      schema: {
        summary: 'List API keys (yours; operators and admins: everyone’s, or one user’s)',
        tags,
        querystring: api.apiKeyListQuery,
        response: { 200: api.apiKeyList, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { userId } = request.query;
      if (!seesEveryone(principal) && userId !== undefined && userId !== principal.user.id)
        throw forbidden('clients list only their own keys');
      const owner = seesEveryone(principal) ? userId : principal.user.id;
      return { apiKeys: (await listApiKeys(db, owner)).map(toApiKey) };
    },
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One API key',
        tags,
        params: api.apiKeyParams,
        response: { 200: api.apiKey, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const key = await findApiKey(db, request.params.id);
      if (!key || (!seesEveryone(principal) && key.userId !== principal.user.id)) throw notFound('API key');
      return toApiKey(key);
    },
  );

  fastify.delete(
    '/:id',
    {
      schema: {
        summary: 'Revoke an API key (yours; admins: anyone’s)',
        tags,
        params: api.apiKeyParams,
        response: { 200: api.apiKey, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const key = await findApiKey(db, request.params.id);
      if (!key || !visible(principal, key.userId)) throw notFound('API key');
      if (key.userId !== principal.user.id && principal.user.role !== 'admin')
        throw forbidden('only an admin revokes others’ keys');
      return toApiKey(await revokeApiKey(db, key.id, new Date()));
    },
  );
};

function visible(principal: Principal, ownerId: string): boolean {
  return seesEveryone(principal) || ownerId === principal.user.id;
}

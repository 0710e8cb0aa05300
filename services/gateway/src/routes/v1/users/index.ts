import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal, requireRole, seesEveryone } from '../../../auth/guards.ts';
import { conflict, forbidden, notFound } from '../../../errors/http-error.ts';
import type { RouteDeps } from '../../route-deps.ts';
import {
  createUser,
  disableUser,
  findUser,
  listUsers,
  toApiUser,
  updateUser,
} from '../../../users/user-repository.ts';

/** Admins manage users; operators see them all; a client sees and renames only itself. */
export const userRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  const tags = ['users'];

  fastify.post(
    '/',
    {
      schema: {
        summary: 'Create a user (admin)',
        tags,
        body: api.createUserBody,
        response: { 201: api.user, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const user = await createUser(db, request.body);
      return reply.code(201).send(toApiUser(user));
    },
  );

  fastify.get(
    '/',
    {
      schema: {
        summary: 'List users (operator, admin)',
        tags,
        response: { 200: api.userList, ...api.errorResponses },
      },
    },
    async (request) => {
      requireRole(request, 'admin', 'operator');
      return { users: (await listUsers(db)).map(toApiUser) };
    },
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One user',
        tags,
        params: api.userParams,
        response: { 200: api.user, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      // Another user's id reads as unknown to a client: it learns nothing of who exists.
      if (!seesEveryone(principal) && id !== principal.user.id) throw notFound('user');
      const user = await findUser(db, id);
      if (!user) throw notFound('user');
      return toApiUser(user);
    },
  );

  fastify.patch(
    '/:id',
    {
      schema: {
        summary: 'Rename a user (itself or admin) or change its role (admin)',
        tags,
        params: api.userParams,
        body: api.updateUserBody,
        response: { 200: api.user, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const admin = principal.user.role === 'admin';
      if (!admin && id !== principal.user.id) {
        if (seesEveryone(principal)) throw forbidden();
        throw notFound('user');
      }
      if (request.body.role !== undefined && !admin) throw forbidden('only an admin changes roles');
      if (!(await findUser(db, id))) throw notFound('user');
      return toApiUser(await updateUser(db, id, request.body));
    },
  );

  fastify.post(
    '/:id/disable',
    {
      schema: {
        summary: 'Disable a user: its sessions and API keys stop working (admin)',
        tags,
        params: api.userParams,
        response: { 200: api.user, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin');
      const { id } = request.params;
      if (id === principal.user.id) throw conflict('an admin cannot disable itself');
      const user = await findUser(db, id);
      if (!user) throw notFound('user');
      if (user.disabledAt !== null) return toApiUser(user);
      return toApiUser(await disableUser(db, id, new Date()));
    },
  );
};

import { endFollow } from '@copytrade/accounts';
import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findAccount } from '../../../accounts/account-repository.ts';
import { requirePrincipal, seesEveryone } from '../../../auth/guards.ts';
import type { Principal } from '../../../auth/principal.ts';
import { conflict, invalidFields, notFound } from '../../../errors/http-error.ts';
import { checkSettings } from '../../../follows/check-settings.ts';
import {
  createFollow,
  findFollow,
  listFollows,
  toApiFollow,
  unrecordedRiskExit,
  updateFollow,
} from '../../../follows/follow-repository.ts';
import type { RouteDeps } from '../../route-deps.ts';

/**
 * Follows: a client creates and manages follows of its own follower accounts (another's reads as
 * not found); operators and admins manage every one. Each change is checked against copy-engine's
 * rules, published on settings-changed and audited with who made it.
 */
export const followRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, trading }) => {
  const tags = ['follows'];
  const { changes } = trading;

  /** The follow if the caller may see it; 404 otherwise, and 409 once it has ended (for changes). */
  async function visibleFollow(principal: Principal, id: string, forChange: boolean) {
    const row = await findFollow(db, id);
    if (!row || (!seesEveryone(principal) && row.follower.userId !== principal.user.id))
      throw notFound('follow');
    if (forChange && row.endedAt !== null) throw conflict('this follow has ended');
    return row;
  }

  async function change(principal: Principal, id: string, body: api.FollowSettingsInput) {
    const row = await visibleFollow(principal, id, true);
    checkSettings(toApiFollow(row), body);
    // The new state drops a risk exit exit-sync has not finished: the trail keeps it all the same.
    const exit = body.status === undefined ? null : unrecordedRiskExit(row);
    if (exit !== null) await changes.riskExitBeforeChange(exit);
    const updated = await updateFollow(db, id, body);
    await changes.followChanged({
      followId: id,
      masterAccountId: row.masterAccountId,
      followerAccountId: row.followerAccountId,
      actorUserId: principal.user.id,
      action: 'updated',
      fields: Object.keys(body).sort(),
    });
    return toApiFollow(updated);
  }

  fastify.post(
    '/',
    {
      schema: {
        summary: 'Follow a master account with one of your follower accounts',
        tags,
        body: api.createFollowBody,
        response: { 201: api.follow, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { body } = request;
      const follower = await findAccount(db, body.followerAccountId);
      if (!follower || (!seesEveryone(principal) && follower.userId !== principal.user.id))
        throw notFound('follower account');
      const master = await findAccount(db, body.masterAccountId);
      if (!master) throw notFound('master account');
      const wrongRoles = [
        ...(master.role === 'master'
          ? []
          : [{ field: 'body.masterAccountId', message: 'is not a master account' }]),
        ...(follower.role === 'follower'
          ? []
          : [{ field: 'body.followerAccountId', message: 'is not a follower account' }]),
      ];
      if (wrongRoles.length > 0) throw invalidFields(wrongRoles);
      const { masterAccountId, followerAccountId, ...settings } = body;
      checkSettings(undefined, settings);
      const row = await createFollow(db, body);
      await changes.followChanged({
        followId: row.id,
        masterAccountId,
        followerAccountId,
        actorUserId: principal.user.id,
        action: 'created',
        fields: Object.keys(body).sort(),
      });
      return reply.code(201).send(toApiFollow(row));
    },
  );

  fastify.get(
    '/',
    {
      schema: {
        summary: 'List follows (of your follower accounts; operators and admins: all), newest first',
        tags,
        querystring: api.followListQuery,
        response: { 200: api.followList, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const ownerId = seesEveryone(principal) ? undefined : principal.user.id;
      const page = await listFollows(db, { ...request.query, ownerId });
      return { follows: page.items.map(toApiFollow), nextCursor: page.nextCursor };
    },
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One follow',
        tags,
        params: api.followParams,
        response: { 200: api.follow, ...api.errorResponses },
      },
    },
    async (request) => toApiFollow(await visibleFollow(requirePrincipal(request), request.params.id, false)),
  );

  fastify.patch(
    '/:id',
    {
      schema: {
        summary: 'Change copy settings or the state (active, close_only = paused, frozen)',
        tags,
        params: api.followParams,
        body: api.updateFollowBody,
        response: { 200: api.follow, ...api.errorResponses },
      },
    },
    async (request) => change(requirePrincipal(request), request.params.id, request.body),
  );

  fastify.post(
    '/:id/pause',
    {
      schema: {
        summary: 'Pause: close-only (reductions and exits are still copied, nothing new opens)',
        tags,
        params: api.followParams,
        response: { 200: api.follow, ...api.errorResponses },
      },
    },
    async (request) => change(requirePrincipal(request), request.params.id, { status: 'close_only' }),
  );

  fastify.post(
    '/:id/resume',
    {
      schema: {
        summary: 'Resume copying everything',
        tags,
        params: api.followParams,
        response: { 200: api.follow, ...api.errorResponses },
      },
    },
    async (request) => change(requirePrincipal(request), request.params.id, { status: 'active' }),
  );

  fastify.post(
    '/:id/end',
    {
      schema: {
        summary: 'End a follow: close its positions at once, let them close with the master, or keep them',
        tags,
        params: api.followParams,
        body: api.endFollowBody,
        response: { 200: api.follow, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const row = await visibleFollow(principal, request.params.id, true);
      await endFollow(db, row.id, request.body.mode);
      await changes.followChanged({
        followId: row.id,
        masterAccountId: row.masterAccountId,
        followerAccountId: row.followerAccountId,
        actorUserId: principal.user.id,
        action: 'ended',
        fields: ['endedAt', 'status', 'unsubscribeMode'],
      });
      return toApiFollow(await visibleFollow(principal, row.id, false));
    },
  );
};

import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../../../auth/guards.ts';
import { engageKillSwitch, readKillSwitch, releaseKillSwitch } from '../../../ops/kill-switch.ts';
import { auditOps } from '../../../ops/ops-audit.ts';
import type { RouteDeps } from '../../route-deps.ts';

/**
 * The kill switch (operators, admins): while engaged no executor sends a new order; orders already
 * on their way resolve. Engaging and releasing are audited with who did it and why.
 */
export const killSwitchRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { ops }) => {
  const tags = ['kill-switch'];
  const { redis, keys } = ops;

  fastify.get(
    '/',
    {
      schema: {
        summary: 'Whether the kill switch is engaged, by whom and why (operators)',
        tags,
        response: { 200: api.killSwitchState, ...api.errorResponses },
      },
    },
    async (request) => {
      requireRole(request, 'admin', 'operator');
      return readKillSwitch(redis, keys);
    },
  );

  fastify.post(
    '/',
    {
      schema: {
        summary: 'Engage the kill switch: no new orders from any executor (operators)',
        tags,
        body: api.engageKillSwitchBody,
        response: { 200: api.killSwitchState, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin', 'operator');
      const { reason } = request.body;
      await auditOps(ops, 'kill_switch.engaged', { actorUserId: principal.user.id, reason });
      return engageKillSwitch(redis, keys, principal.user.id, reason, new Date());
    },
  );

  fastify.delete(
    '/',
    {
      schema: {
        summary: 'Release the kill switch: executors send orders again (operators)',
        tags,
        // Optional: a DELETE without a body arrives as null.
        body: api.releaseKillSwitchBody.nullish(),
        response: { 200: api.killSwitchState, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin', 'operator');
      const reason = request.body?.reason ?? null;
      await auditOps(ops, 'kill_switch.released', { actorUserId: principal.user.id, reason });
      await releaseKillSwitch(redis, keys);
      return readKillSwitch(redis, keys);
    },
  );
};

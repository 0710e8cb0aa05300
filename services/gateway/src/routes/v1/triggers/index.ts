import { randomUUID } from 'node:crypto';
import {
  api,
  type CopyOrderJob,
  type MonitorJob,
  monitorResult,
  queueNames,
  type ReconcileJob,
} from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal, requireRole, seesEveryone } from '../../../auth/guards.ts';
import { forbidden, HttpError } from '../../../errors/http-error.ts';
import { requireFollowerAccess, requireMasterAccess } from '../../../ops/account-access.ts';
import { requeueDeadLegs } from '../../../ops/dead-letters.ts';
import { auditOps } from '../../../ops/ops-audit.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** Manual triggers, each audited with who pulled it before its job is queued. */
export const triggerRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, ops }) => {
  const tags = ['triggers'];
  const queue = (name: string) => ops.queues.get(name)!;

  fastify.post(
    '/monitor',
    {
      schema: {
        summary: 'Read a master’s fills now (or every master’s: operators) and say what was found',
        tags,
        body: api.monitorTriggerBody,
        response: { 200: api.monitorTriggerResult, ...api.errorResponses, ...api.triggerErrorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { masterAccountId } = request.body;
      if (masterAccountId === undefined && !seesEveryone(principal))
        throw forbidden('clients name a master they own or follow');
      if (masterAccountId !== undefined) await requireMasterAccess(db, principal, masterAccountId);
      const jobId = randomUUID();
      await auditOps(
        ops,
        'trigger.pulled',
        {
          actorUserId: principal.user.id,
          trigger: 'monitor',
          jobId,
          ...(masterAccountId && { masterAccountId }),
        },
        masterAccountId ?? null,
      );
      const data: MonitorJob = masterAccountId === undefined ? {} : { masterAccountId };
      const job = await queue(queueNames.monitor).add('monitor', data, { jobId });
      let result: unknown;
      try {
        result = await job.waitUntilFinished(ops.monitorEvents, ops.monitorTimeoutMs);
      } catch (error) {
        if (/timed out/i.test((error as Error).message))
          throw new HttpError(504, 'timeout', `no listener answered within ${ops.monitorTimeoutMs} ms`);
        request.log.warn({ err: error, jobId }, 'monitor run failed');
        throw new HttpError(502, 'monitor_failed', 'the listener could not complete the run');
      }
      return monitorResult.parse(result);
    },
  );

  fastify.post(
    '/reconcile',
    {
      schema: {
        summary: 'Reconcile a follower account with the exchange (or every follower: operators)',
        tags,
        body: api.reconcileTriggerBody,
        response: { 202: api.acceptedJob, ...api.errorResponses },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { followerAccountId } = request.body;
      if (followerAccountId === undefined && !seesEveryone(principal))
        throw forbidden('only operators reconcile every follower');
      if (followerAccountId !== undefined) await requireFollowerAccess(db, principal, followerAccountId);
      const jobId = randomUUID();
      await auditOps(
        ops,
        'trigger.pulled',
        {
          actorUserId: principal.user.id,
          trigger: 'reconcile',
          jobId,
          ...(followerAccountId && { followerAccountId }),
        },
        followerAccountId ?? null,
      );
      const data: ReconcileJob =
        followerAccountId === undefined
          ? { kind: 'cycle' }
          : { kind: 'follower', followerAccountId, reason: 'manual' };
      await queue(queueNames.reconcile).add(data.kind, data, { jobId });
      return reply.code(202).send({ jobId });
    },
  );

  fastify.post(
    '/retry',
    {
      schema: {
        summary:
          'Put a follower’s dead-lettered legs on one symbol back on its outbox and send them (operators)',
        tags,
        body: api.retryTriggerBody,
        response: { 200: api.retryTriggerResult, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requireRole(request, 'admin', 'operator');
      const { followerAccountId, symbol } = request.body;
      await requireFollowerAccess(db, principal, followerAccountId);
      const jobId = randomUUID();
      await auditOps(
        ops,
        'trigger.pulled',
        { actorUserId: principal.user.id, trigger: 'retry', jobId, followerAccountId, symbol },
        followerAccountId,
      );
      const legs = await requeueDeadLegs(ops.redis, ops.keys.orderOutbox(followerAccountId, symbol));
      if (legs.length === 0) return { moved: [], jobId: null };
      const clientOrderIds = legs.map((leg) => leg.clientOrderId);
      const kick: CopyOrderJob = {
        followerAccountId,
        symbol,
        correlationId: legs[0]!.correlationId,
        clientOrderIds,
      };
      await queue(queueNames.copyOrders).add('copy-orders', kick, { jobId });
      return { moved: clientOrderIds, jobId };
    },
  );
};

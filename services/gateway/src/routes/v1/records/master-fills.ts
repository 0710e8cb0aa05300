import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { notFound } from '../../../errors/http-error.ts';
import { copiesOf, toApiCopyTrade } from '../../../records/copy-trades.ts';
import { findMasterFill, listMasterFills, toApiMasterFill } from '../../../records/master-fills.ts';
import { canSee, visibleAccounts } from '../../../records/owner-scope.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** A client reads the fills of its own master accounts; operators and admins every fill. */
export const masterFillRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  const tags = ['records'];

  fastify.get(
    '/',
    {
      schema: {
        summary: 'List master fills, newest recorded first',
        tags,
        querystring: api.masterFillListQuery,
        response: { 200: api.masterFillList, ...api.errorResponses },
      },
    },
    async (request) =>
      listMasterFills(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );

  fastify.get(
    '/:id',
    {
      schema: {
        summary: 'One master fill with the copies it caused (those you may see)',
        tags,
        params: api.masterFillParams,
        response: { 200: api.masterFillDetail, ...api.errorResponses },
      },
    },
    async (request) => {
      const accounts = await visibleAccounts(db, requirePrincipal(request));
      const fill = await findMasterFill(db, request.params.id);
      if (!fill || !canSee(accounts, fill.accountId)) throw notFound('master fill');
      const shown = toApiMasterFill(fill);
      const copies = await copiesOf(db, shown.correlationId, accounts);
      return { ...shown, copies: copies.map(toApiCopyTrade) };
    },
  );
};

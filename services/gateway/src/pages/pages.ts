import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { contentSecurityPolicy } from './csp.ts';
import { type PageParts, renderPage } from './layout.ts';
import {
  accountsView,
  auditView,
  followersView,
  liveView,
  loginView,
  operationsView,
  tradesView,
} from './views.ts';

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

/**
 * The operator dashboard: HTML shells and their static scripts and styles, no build step. The
 * pages fetch the JSON API themselves with the session cookie; the server only checks that a
 * session exists before it hands out a page (the API checks everything else).
 */
export const pagesRoutes: FastifyPluginAsync = async (fastify) => {
  // Encapsulated: these headers go on the dashboard's answers only, not on /docs or the API.
  fastify.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });
  await fastify.register(fastifyStatic, { root: publicDir, prefix: '/assets/', index: false });

  const send = (reply: FastifyReply, parts: PageParts) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(parts));
  const behindLogin = (parts: PageParts) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.principal?.session) return reply.redirect('/login', 303);
    return send(reply, parts);
  };
  const hidden = { schema: { hide: true } };

  // The service worker lives at the root so that its scope is the whole dashboard.
  fastify.get('/sw.js', hidden, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('sw.js', publicDir),
  );
  fastify.get('/', hidden, async (request, reply) =>
    reply.redirect(request.principal?.session ? '/trades' : '/login', 303),
  );
  fastify.get('/login', hidden, async (_request, reply) => send(reply, loginView));
  fastify.get('/trades', hidden, behindLogin(tradesView));
  fastify.get('/trades/:id/audit', hidden, behindLogin(auditView));
  fastify.get('/live', hidden, behindLogin(liveView));
  fastify.get('/followers', hidden, behindLogin(followersView));
  fastify.get('/accounts', hidden, behindLogin(accountsView));
  fastify.get('/operations', hidden, behindLogin(operationsView));
};

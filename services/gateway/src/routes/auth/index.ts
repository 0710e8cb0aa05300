import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cookieOptions, csrfCookie, sessionCookie } from '../../auth/cookies.ts';
import { requireCsrfToken, requirePrincipal } from '../../auth/guards.ts';
import { decoyHash, verifyPassword } from '../../auth/password-hash.ts';
import { HttpError, unauthorized } from '../../errors/http-error.ts';
import { findUserByEmail, toApiUser } from '../../users/user-repository.ts';
import type { RouteDeps } from '../route-deps.ts';

const badLogin = () => new HttpError(401, 'unauthorized', 'wrong email or password');

/** Browser login: a session in Redis behind a signed, http-only, SameSite=Strict cookie. */
export const authRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, deps) => {
  const { db, sessions } = deps;
  const options = cookieOptions(deps.cookies.secure, deps.cookies.maxAgeSeconds);
  const tags = ['auth'];

  fastify.post(
    '/login',
    {
      schema: {
        summary: 'Log in with email and password; sets the session cookie',
        tags,
        security: [],
        body: api.loginBody,
        response: { 200: api.session, ...api.errorResponses },
      },
      // Per IP, tighter than the general limit: passwords are guessable, keys are not.
      config: {
        rateLimit: {
          max: deps.loginRateLimit.max,
          timeWindow: deps.loginRateLimit.windowMs,
          keyGenerator: (request) => `login:${request.ip}`,
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const user = await findUserByEmail(db, email);
      // An unknown email costs a hash too, so timing does not tell which emails exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      if (!user?.passwordHash || !ok || user.disabledAt !== null) throw badLogin();
      const previous = request.principal?.session;
      if (previous) await sessions.destroy(previous.id);
      const { id, record } = await sessions.create(user.id);
      reply
        .setCookie(sessionCookie, id, options.session)
        .setCookie(csrfCookie, record.csrfToken, options.csrf);
      request.log.info({ userId: user.id }, 'logged in');
      return { user: toApiUser(user), csrfToken: record.csrfToken };
    },
  );

  fastify.get(
    '/session',
    {
      schema: {
        summary: 'The logged-in user and the CSRF token of its session',
        tags,
        response: { 200: api.session, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      if (!principal.session) throw unauthorized();
      return { user: toApiUser(principal.user), csrfToken: principal.session.csrfToken };
    },
  );

  fastify.post(
    '/logout',
    {
      schema: { summary: 'End the session', tags, response: { 204: z.null(), ...api.errorResponses } },
      preParsing: async (request) => {
        if (!requirePrincipal(request).session) throw unauthorized();
        requireCsrfToken(request);
      },
    },
    async (request, reply) => {
      await sessions.destroy(request.principal!.session!.id);
      reply.clearCookie(sessionCookie, { path: '/' }).clearCookie(csrfCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};

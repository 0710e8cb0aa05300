import { timingSafeEqual } from 'node:crypto';
import type { UserRole } from '@copytrade/db';
import type { FastifyRequest } from 'fastify';
import { forbidden, HttpError, unauthorized } from '../errors/http-error.ts';
import type { Principal } from './principal.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

export function requireRole(request: FastifyRequest, ...roles: UserRole[]): Principal {
  const principal = requirePrincipal(request);
  if (!roles.includes(principal.user.role)) throw forbidden();
  return principal;
}

/** Operators and admins see every user's records; clients only their own. */
export function seesEveryone(principal: Principal): boolean {
  return principal.user.role === 'admin' || principal.user.role === 'operator';
}

/**
 * A cookie-authenticated write must carry the session's CSRF token in `x-csrf-token` (a page on
 * another site can make the browser send the cookie, not read the token). API-key requests are
 * exempt: no browser attaches a key by itself.
 */
export function requireCsrfToken(request: FastifyRequest): void {
  const session = request.principal?.session;
  if (!session || safeMethods.has(request.method)) return;
  const sent = request.headers['x-csrf-token'];
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  const expected = Buffer.from(session.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError(403, 'csrf', 'missing or wrong x-csrf-token header');
}

/**
 * For pages whose own scripts cannot send our CSRF header (Bull Board): an unsafe method must come
 * from this origin, as the browser's Origin (or Referer) header says.
 */
export function requireSameOrigin(request: FastifyRequest): void {
  if (safeMethods.has(request.method)) return;
  const source = request.headers.origin ?? request.headers.referer;
  let host: string | undefined;
  try {
    host = source === undefined ? undefined : new URL(source).host;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== request.headers.host)
    throw new HttpError(403, 'csrf', 'cross-origin write refused');
}

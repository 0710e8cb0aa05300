import type { Db } from '@copytrade/db';
import type { FastifyRequest } from 'fastify';
import { findApiKeyByPrefix, touchApiKey } from '../api-keys/api-key-repository.ts';
import { findUser } from '../users/user-repository.ts';
import { parseApiKey, secretMatches } from './api-key-token.ts';
import { sessionCookie } from './cookies.ts';
import type { Principal } from './principal.ts';
import type { SessionStore } from './session-store.ts';

export interface AuthenticateDeps {
  db: Db;
  sessions: SessionStore;
}

/**
 * The caller behind a request: an API key (`Authorization: Bearer ct_…`) or a signed session
 * cookie; `null` when neither is valid (revoked key, disabled user, expired session…). Routes
 * decide what `null` means; nothing here answers the request.
 */
export async function authenticate(
  request: FastifyRequest,
  deps: AuthenticateDeps,
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) return header.startsWith('Bearer ') ? byApiKey(header.slice(7), deps) : null;
  const cookie = request.cookies[sessionCookie];
  if (cookie === undefined) return null;
  const unsigned = request.unsignCookie(cookie);
  if (!unsigned.valid || unsigned.value === null) return null;
  return bySession(unsigned.value, deps);
}

async function byApiKey(token: string, { db }: AuthenticateDeps): Promise<Principal | null> {
  const parsed = parseApiKey(token.trim());
  if (!parsed) return null;
  const key = await findApiKeyByPrefix(db, parsed.prefix);
  if (!key || key.revokedAt !== null || key.user.disabledAt !== null) return null;
  if (!secretMatches(parsed.secret, key.secretHash)) return null;
  await touchApiKey(db, key, new Date());
  return { user: key.user, via: 'api_key', apiKeyId: key.id };
}

async function bySession(id: string, { db, sessions }: AuthenticateDeps): Promise<Principal | null> {
  const record = await sessions.get(id);
  if (!record) return null;
  const user = await findUser(db, record.userId);
  if (!user || user.disabledAt !== null) return null;
  return { user, via: 'session', session: { id, csrfToken: record.csrfToken } };
}

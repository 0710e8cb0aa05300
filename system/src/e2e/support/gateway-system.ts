import { randomBytes } from 'node:crypto';
import { ephemeralVault } from '@copytrade/accounts/testing';
import type { api } from '@copytrade/contracts';
import { createTestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { startSimulator } from '@copytrade/exchange-sim';
import { issueApiKey, provisionUser } from '@copytrade/gateway/provision';
import { httpClient, openSse } from '@copytrade/gateway/testing';
import { createLogger, createRedis, defaultUrls, deleteKeysUnder } from '@copytrade/runtime';
import { expect, vi } from 'vitest';
import { type System, startSystem } from '../../start-system.ts';

/** Lease and gap-fill timings short enough that a listener takes a new master up within a second or two. */
export const quickLeases = { LEASE_TTL_MS: '1500', LEASE_RENEW_MS: '250', GAP_FILL_INTERVAL_MS: '1000' };

export interface GatewaySystemOptions<Who extends string> {
  /** Names the test database (`e2e_<name>`) and the queue prefix (`e2e-<name>-…`). */
  name: string;
  /** The users, by the name the test gives them, and their roles; each gets an API key. */
  users: Record<Who, api.UserRole>;
  /** A user's email. @defaultValue `<who>@example.test` */
  email?: (who: Who, prefix: string) => string;
  /** Every user's password, for tests that log in through the form. @defaultValue none (API keys only) */
  password?: string;
  /** Run the notifier too. @defaultValue false */
  notifier?: boolean;
  /** Mark prices the simulator starts with, by symbol. */
  markPrices?: Record<string, string>;
  /** Service environment beyond the simulator as the venue and the gateway on a free loopback port. */
  env?: Record<string, string>;
}

/** A simulator account's credentials, as `sim.control.createAccount` gives them. */
type ExchangeKey = { apiKey: string; apiSecret: string };

const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;

/**
 * The platform as its users reach it: its own schema, queue prefix, simulator and vault, every service
 * started through `startSystem` with the gateway (exit-sync left out: its corrections would place
 * follower orders of their own), and users provisioned as the create-admin CLI makes them, each with
 * an API key that `call` sends.
 */
export async function startGatewaySystem<Who extends string>(options: GatewaySystemOptions<Who>) {
  const database = await createTestDatabase(`e2e_${options.name}`);
  const prefix = `e2e-${options.name}-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(redisUrl, 'worker');
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  let system: System | undefined;
  const stop = async () => {
    await system?.stop();
    await sim?.stop();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    await database.drop();
  };
  const users = {} as Record<Who, { id: string; email: string; apiKey: string }>;
  try {
    sim = await startSimulator({ port: 0 });
    for (const [symbol, price] of Object.entries(options.markPrices ?? {}))
      sim.control.setMarkPrice(symbol, price);
    const { keysSpec, activeKeyId } = ephemeralVault();
    system = await startSystem({
      redisUrl,
      databaseUrl: database.url,
      prefix,
      vaultKeys: keysSpec,
      vaultActiveKeyId: activeKeyId,
      logger: createLogger({ service: 'e2e', level: 'silent' }),
      exitSync: false,
      gateway: true,
      ...(options.notifier && { notifier: true }),
      env: {
        EXCHANGE_VENUES: `${sim.restUrl}|${sim.wsUrl}`,
        GATEWAY_PORT: '0',
        GATEWAY_HOST: '127.0.0.1',
        COOKIE_SECURE: 'false',
        ...options.env,
      },
    });
    for (const [who, role] of Object.entries(options.users) as [Who, api.UserRole][]) {
      const email = options.email?.(who, prefix) ?? `${who}@example.test`;
      const password = options.password === undefined ? {} : { password: options.password };
      const user = await provisionUser(database.db, { email, name: who, role, ...password });
      users[who] = {
        id: user.id,
        email,
        apiKey: (await issueApiKey(database.db, user.id, `${who}-e2e`)).key,
      };
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const started = { sim, system };
  const base = `http://127.0.0.1:${system.gateway!.port}`;
  const http = httpClient(base);

  /** `who` calls the API with its key; the answer's status and parsed body. */
  const call = (who: Who, method: string, path: string, body?: unknown) =>
    http.call(method, path, { apiKey: users[who].apiKey, ...(body !== undefined && { body }) });
  /** `who` creates something; the answer must be 201 and its body is returned. */
  const created = async (who: Who, path: string, body: unknown) => {
    const answer = await call(who, 'POST', path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  };

  return {
    ...started,
    database,
    db: database.db,
    redis,
    prefix,
    /** The gateway's URL. */
    base,
    users,
    call,
    created,
    /** `who` adds a broker account on the simulator with these credentials; the created account. */
    addAccount: (who: Who, label: string, role: 'master' | 'follower', key: ExchangeKey) =>
      created(who, '/v1/accounts', {
        label,
        role,
        baseUrl: started.sim.restUrl,
        apiKey: key.apiKey,
        apiSecret: key.apiSecret,
      }),
    /** `who` has a follower copy a master at `multiplier`; the created follow. */
    addFollow: (who: Who, masterAccountId: string, followerAccountId: string, multiplier: string) =>
      created(who, '/v1/follows', { masterAccountId, followerAccountId, mode: 'multiplier', multiplier }),
    /** `who`'s live event stream (`/v1/events`), collecting events until closed. */
    listen: (who: Who) => openSse(`${base}/v1/events`, { authorization: `Bearer ${users[who].apiKey}` }),
    /** A client trading on the simulator with these credentials, as a master's trader would. */
    trader: (key: ExchangeKey) =>
      new DeltaRestClient({ baseUrl: started.sim.restUrl, apiKey: key.apiKey, apiSecret: key.apiSecret }),
    /** Resolves once some listener replica watches the master. */
    watched: (masterAccountId: string, wait: { timeout: number; interval: number }) =>
      vi.waitFor(
        () =>
          expect(
            started.system.listeners.some((listener) =>
              listener.supervisor.watched().includes(masterAccountId),
            ),
          ).toBe(true),
        wait,
      ),
    stop,
  };
}

export type GatewaySystem<Who extends string = string> = Awaited<ReturnType<typeof startGatewaySystem<Who>>>;

import { randomBytes } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { DeltaError } from './errors.ts';
import type { SimState } from './state.ts';
import type { Account, ApiKey, Permission } from './types.ts';

export interface NewApiKey {
  permissions?: Permission[] | undefined;
  ipWhitelist?: string[] | undefined;
}

export interface Credentials {
  userId: number;
  apiKey: string;
  apiSecret: string;
}

export function createAccount(
  state: SimState,
  input: { label?: string | undefined; balances?: Record<string, string> | undefined },
): Credentials {
  const userId = state.nextUserId++;
  const account: Account = {
    userId,
    label: input.label ?? `user-${userId}`,
    balances: new Map(),
    leverage: new Map(),
    positions: new Map(),
    orders: new Map(),
    openByClientId: new Map(),
    byClientId: new Map(),
    fills: [],
    seq: new Map(),
    createdAt: String(state.clock.nowUs()),
  };
  for (const [asset, amount] of Object.entries(input.balances ?? {})) {
    account.balances.set(asset, new Decimal(amount));
  }
  state.accounts.set(userId, account);
  const key = createApiKey(state, userId, {});
  return { userId, apiKey: key.apiKey, apiSecret: key.apiSecret };
}

export function createApiKey(state: SimState, userId: number, input: NewApiKey): Credentials {
  state.account(userId);
  const apiKey: ApiKey = {
    key: randomBytes(15).toString('hex'),
    secret: randomBytes(30).toString('hex'),
    userId,
    permissions: new Set(input.permissions ?? ['read', 'trading']),
    ipWhitelist: input.ipWhitelist,
  };
  state.keys.set(apiKey.key, apiKey);
  return { userId, apiKey: apiKey.key, apiSecret: apiKey.secret };
}

/** Adds (or with a negative amount, removes) funds; a wallet never goes below zero this way. */
export function fund(state: SimState, userId: number, asset: string, amount: string): Decimal {
  const account = state.account(userId);
  if (!state.assets.has(asset)) throw new DeltaError(400, 'invalid_asset', { asset });
  const next = (account.balances.get(asset) ?? new Decimal(0)).add(amount);
  if (next.isNegative()) throw new DeltaError(400, 'insufficient_balance', { asset });
  account.balances.set(asset, next);
  for (const listener of state.listeners) listener.onWallet?.(account, asset);
  return next;
}

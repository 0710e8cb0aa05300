import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '@copytrade/db';
import { createVault, parseMasterKeys, type Vault } from '@copytrade/vault';

/** A vault with a fresh random master key, for tests and the demo. */
export function ephemeralVault(): { vault: Vault; keysSpec: string; activeKeyId: string } {
  const keysSpec = `k1:${randomBytes(32).toString('base64')}`;
  return { vault: createVault(parseMasterKeys(keysSpec, 'k1')), keysSpec, activeKeyId: 'k1' };
}

export interface ExchangeEndpoints {
  restUrl: string;
  wsUrl: string;
}

export interface ExchangeCredentials {
  apiKey: string;
  apiSecret: string;
}

/** A user and a broker account whose API secret is sealed by the vault, as the gateway stores it. */
export async function seedAccount(
  db: Db,
  vault: Vault,
  input: {
    role: 'master' | 'follower';
    label: string;
    exchange: ExchangeEndpoints;
    credentials: ExchangeCredentials;
    userId?: string;
    status?: 'active' | 'paused' | 'disabled';
  },
): Promise<{ accountId: string; userId: string }> {
  const userId =
    input.userId ??
    (
      await db.user.create({
        data: { email: `${input.label}-${randomUUID()}@example.test`, name: input.label },
      })
    ).id;
  const accountId = randomUUID();
  await db.brokerAccount.create({
    data: {
      id: accountId,
      userId,
      label: input.label,
      role: input.role,
      baseUrl: input.exchange.restUrl,
      wsUrl: input.exchange.wsUrl,
      apiKey: input.credentials.apiKey,
      secretEnvelope: vault.seal(input.credentials.apiSecret, accountId),
      status: input.status ?? 'active',
    },
  });
  return { accountId, userId };
}

export type FollowInput = {
  masterAccountId: string;
  followerAccountId: string;
  mode: 'multiplier' | 'fixed_lot' | 'capital_allocation' | 'balance_percentage';
} & Partial<{
  reverse: boolean;
  multiplier: string;
  lotSize: number;
  capitalAllocated: string;
  balancePercentage: string;
  maxPosition: number;
  maxNotional: string;
  maxDrawdownPct: string;
  dailyLossLimit: string;
  symbolAllowList: string[];
  symbolDenyList: string[];
  slippageLimitPct: string;
  slippageAction: 'skip' | 'limit';
  driftPolicy: 'repair' | 'alert' | 'off';
  driftTolerance: number;
  maxCorrection: number;
  status: 'active' | 'close_only' | 'frozen' | 'stopped';
  maxSignalAgeMs: number;
  restingOrderTtlMs: number;
  repairReopen: boolean;
  riskExitFlatten: boolean;
}>;

export async function seedFollow(db: Db, input: FollowInput): Promise<string> {
  return (await db.follow.create({ data: input })).id;
}

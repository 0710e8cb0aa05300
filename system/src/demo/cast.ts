import type { api } from '@copytrade/contracts';
import type { Simulator } from '@copytrade/exchange-sim';
import type { FollowerRef } from '../observe/follower-state.ts';
import type { GatewayClient } from './gateway-client.ts';

type Settings = Omit<api.CreateFollowBody, 'masterAccountId' | 'followerAccountId'>;

interface Role {
  label: string;
  balance: string;
  settings: Settings;
  /** What the demo shows with this follower. */
  note: string;
}

/** The demo's followers: every copy mode, and the limits a platform must honour. */
export const followerRoles: Role[] = [
  {
    label: 'alice',
    balance: '50000',
    settings: { mode: 'multiplier', multiplier: '0.5' },
    note: 'half the master',
  },
  { label: 'bob', balance: '50000', settings: { mode: 'fixed_lot', lotSize: 3 }, note: 'always 3 contracts' },
  {
    label: 'carol',
    balance: '50000',
    settings: { mode: 'capital_allocation', capitalAllocated: '25000' },
    note: '25k of a 100k master',
  },
  {
    label: 'dave',
    balance: '40000',
    settings: { mode: 'balance_percentage', balancePercentage: '50' },
    note: '50% of a 40k balance',
  },
  {
    label: 'erin',
    balance: '50000',
    settings: { mode: 'multiplier', multiplier: '2', maxPosition: 120 },
    note: 'double, capped at 120',
  },
  {
    label: 'frank',
    balance: '50000',
    settings: { mode: 'multiplier', multiplier: '1', symbolAllowList: ['BTCUSD'] },
    note: 'BTCUSD only',
  },
  {
    label: 'gina',
    balance: '50000',
    settings: { mode: 'multiplier', multiplier: '0.25', reverse: true },
    note: 'a quarter, reversed',
  },
  {
    label: 'hank',
    balance: '50000',
    settings: { mode: 'multiplier', multiplier: '1', maxDrawdownPct: '10' },
    note: 'in a 50% drawdown',
  },
];

export interface Cast {
  masterAccountId: string;
  master: { apiKey: string; apiSecret: string; userId: number };
  followers: (FollowerRef & { note: string; apiKey: string; apiSecret: string })[];
}

/**
 * Creates the master and followers on the exchange, then in the platform the way a user does:
 * through the gateway's API (each key verified against the exchange, each secret sealed).
 */
export async function castThroughGateway(gateway: GatewayClient, sim: Simulator): Promise<Cast> {
  const master = sim.control.createAccount({ label: 'master', balances: { USD: '100000' } });
  const account = async (
    label: string,
    role: 'master' | 'follower',
    keys: { apiKey: string; apiSecret: string },
  ) =>
    (
      await gateway.call<{ id: string }>('POST', '/v1/accounts', {
        label,
        role,
        baseUrl: sim.restUrl,
        apiKey: keys.apiKey,
        apiSecret: keys.apiSecret,
      })
    ).id;
  const masterAccountId = await account('master', 'master', master);
  const followers: Cast['followers'] = [];
  for (const role of followerRoles) {
    const credentials = sim.control.createAccount({ label: role.label, balances: { USD: role.balance } });
    const accountId = await account(role.label, 'follower', credentials);
    await gateway.call('POST', '/v1/follows', {
      masterAccountId,
      followerAccountId: accountId,
      ...role.settings,
    });
    followers.push({
      accountId,
      simUserId: credentials.userId,
      label: role.label,
      note: role.note,
      apiKey: credentials.apiKey,
      apiSecret: credentials.apiSecret,
    });
  }
  return { masterAccountId, master, followers };
}

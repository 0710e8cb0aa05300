import type { api } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import { seesEveryone } from '../auth/guards.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * The audit event types a live stream carries: master fills, copy decisions and skips, orders
 * placed, filled, rejected, in doubt or given up, exits, drift and its corrections, the kill switch and triggers.
 */
export const liveEventTypes: ReadonlySet<api.LiveEvent['type']> = new Set<api.LiveEvent['type']>([
  'master_fill.recorded',
  'copy.decided',
  'copy.skipped',
  'order.submitted',
  'order.accepted',
  'order.rejected',
  'order.unknown',
  'order.expired',
  'order.dropped',
  'order.unfilled',
  'order.dead_lettered',
  'risk.exit',
  'follow.ended',
  'sync.status',
  'sync.corrected',
  'sync.resynced',
  'kill_switch.engaged',
  'kill_switch.released',
  'trigger.pulled',
]);

/** Payload fields that name an account; an event naming one of a client's accounts is the client's. */
export const accountFields = ['followerAccountId', 'masterAccountId'] as const;

/** Who a stream is for: operators and admins see everything, a client the events of its accounts. */
export type Audience = { everything: true } | { everything: false; accountIds: ReadonlySet<string> };

export async function audienceOf(db: Db, principal: Principal): Promise<Audience> {
  if (seesEveryone(principal)) return { everything: true };
  const accounts = await db.brokerAccount.findMany({
    where: { userId: principal.user.id },
    select: { id: true },
  });
  return { everything: false, accountIds: new Set(accounts.map((a) => a.id)) };
}

export function mayReceive(audience: Audience, event: api.LiveEvent): boolean {
  if (!liveEventTypes.has(event.type)) return false;
  if (audience.everything) return true;
  const { accountIds } = audience;
  if (event.accountId !== null && accountIds.has(event.accountId)) return true;
  return accountFields.some((field) => {
    const value = event.payload[field];
    return typeof value === 'string' && accountIds.has(value);
  });
}

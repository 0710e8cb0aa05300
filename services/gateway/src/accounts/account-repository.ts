import type { api } from '@copytrade/contracts';
import type { BrokerAccount, Db, Prisma } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import { randomUUID } from 'node:crypto';
import { pageArgs, toPage } from '../paging/keyset.ts';
import type { Venue } from '../venues/venues.ts';

/** A broker account as the API shows it: the key's last 4 characters, never the secret or its envelope. */
export function toApiAccount(row: BrokerAccount): api.BrokerAccount {
  return {
    id: row.id,
    userId: row.userId,
    label: row.label,
    role: row.role,
    exchange: row.exchange,
    baseUrl: row.baseUrl,
    wsUrl: row.wsUrl,
    apiKeyLast4: row.apiKey.slice(-4),
    status: row.status,
    pauseMode: row.pauseMode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The secret is sealed bound to the account id, so an envelope copied to another row will not open. */
export function createAccount(
  db: Db,
  vault: Vault,
  input: {
    userId: string;
    label: string;
    role: 'master' | 'follower';
    venue: Venue;
    apiKey: string;
    apiSecret: string;
  },
): Promise<BrokerAccount> {
  const id = randomUUID();
  return db.brokerAccount.create({
    data: {
      id,
      userId: input.userId,
      label: input.label,
      role: input.role,
      baseUrl: input.venue.restUrl,
      wsUrl: input.venue.wsUrl,
      apiKey: input.apiKey,
      secretEnvelope: vault.seal(input.apiSecret, id),
    },
  });
}

export function findAccount(db: Db, id: string): Promise<BrokerAccount | null> {
  return db.brokerAccount.findUnique({ where: { id } });
}

export async function listAccounts(
  db: Db,
  query: {
    userId?: string | undefined;
    role?: api.BrokerAccount['role'] | undefined;
    status?: api.BrokerAccount['status'] | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: BrokerAccount[]; nextCursor: string | null }> {
  const page = pageArgs(query);
  const where: Prisma.BrokerAccountWhereInput = {
    ...page.where,
    ...(query.userId === undefined ? {} : { userId: query.userId }),
    ...(query.role === undefined ? {} : { role: query.role }),
    ...(query.status === undefined ? {} : { status: query.status }),
  };
  const rows = await db.brokerAccount.findMany({ where, orderBy: page.orderBy, take: page.take });
  return toPage(rows, query.limit);
}

export function updateAccount(
  db: Db,
  vault: Vault,
  id: string,
  changes: Omit<api.UpdateAccountBody, 'apiSecret'> & { apiSecret?: string | undefined },
): Promise<BrokerAccount> {
  const { apiSecret, ...rest } = changes;
  return db.brokerAccount.update({
    where: { id },
    data: { ...rest, ...(apiSecret === undefined ? {} : { secretEnvelope: vault.seal(apiSecret, id) }) },
  });
}

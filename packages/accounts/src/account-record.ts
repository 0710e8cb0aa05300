import type { Db } from '@copytrade/db';

/** What services need to know of a broker account. Never holds the secret in the clear. */
export interface AccountRecord {
  id: string;
  userId: string;
  label: string;
  role: 'master' | 'follower';
  status: 'active' | 'paused' | 'disabled';
  baseUrl: string;
  wsUrl: string | null;
  apiKey: string;
}

/** The broker account does not exist (deleted, or never did). */
export class AccountNotFound extends Error {
  override readonly name = 'AccountNotFound';
  constructor(id: string) {
    super(`broker account ${id} not found`);
  }
}

export async function loadAccount(db: Db, id: string): Promise<AccountRecord> {
  const row = await db.brokerAccount.findUnique({
    where: { id },
    select: {
      id: true,
      userId: true,
      label: true,
      role: true,
      status: true,
      baseUrl: true,
      wsUrl: true,
      apiKey: true,
    },
  });
  if (!row) throw new AccountNotFound(id);
  return row;
}

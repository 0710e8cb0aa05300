import type { Db } from '@copytrade/db';
import { seesEveryone } from '../auth/guards.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * The broker accounts whose records the caller may read: `null` for operators and admins (all of
 * them), else the ids of the client's own accounts (possibly none).
 */
export async function visibleAccounts(db: Db, principal: Principal): Promise<string[] | null> {
  if (seesEveryone(principal)) return null;
  const rows = await db.brokerAccount.findMany({
    where: { userId: principal.user.id },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Whether one of the accounts a record names is visible (null: everything is). */
export function canSee(accounts: string[] | null, ...accountIds: (string | null)[]): boolean {
  return accounts === null || accountIds.some((id) => id !== null && accounts.includes(id));
}

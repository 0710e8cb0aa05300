import { ephemeralVault, seedAccount } from '@copytrade/accounts/testing';
import type { Db } from '@copytrade/db';

/** An exchange nothing listens on: these tests read and write accounts, never the exchange. */
const exchange = { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' };

/** A broker account with credentials of its own label; its id. */
export async function seedLabelledAccount(
  db: Db,
  role: 'master' | 'follower',
  label: string,
): Promise<string> {
  const { vault } = ephemeralVault();
  const { accountId } = await seedAccount(db, vault, {
    role,
    label,
    exchange,
    credentials: { apiKey: `key-${label}`, apiSecret: `secret-${label}` },
  });
  return accountId;
}

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

/** An account as read from the database: its record and its sealed secret. */
export interface StoredAccount {
  record: AccountRecord;
  secretEnvelope: string;
}

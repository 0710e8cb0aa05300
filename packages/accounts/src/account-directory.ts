import type { Db } from '@copytrade/db';
import {
  DeltaRestClient,
  DeltaSocket,
  type DeltaLogger,
  type DeltaSocketOptions,
} from '@copytrade/delta-client';
import type { Vault } from '@copytrade/vault';
import { type AccountRecord, loadAccount } from './account-record.ts';

export interface AccountDirectoryOptions {
  db: Db;
  vault: Vault;
  logger?: DeltaLogger;
  /** REST time limit per request. @defaultValue 5000 */
  timeoutMs?: number;
  /** How long an account record is trusted before it is read again. @defaultValue 30000 */
  ttlMs?: number;
}

interface Entry {
  record: AccountRecord;
  client: DeltaRestClient;
  loadedAt: number;
}

/**
 * Accounts and their signed Delta clients, cached. The API secret is opened from the vault only
 * here, straight into the client's private field: it never sits in a job, a log or a return value.
 */
export class AccountDirectory {
  readonly #options: AccountDirectoryOptions;
  readonly #entries = new Map<string, Promise<Entry>>();

  constructor(options: AccountDirectoryOptions) {
    this.#options = options;
  }

  async account(id: string): Promise<AccountRecord> {
    return (await this.#entry(id)).record;
  }

  async rest(id: string): Promise<DeltaRestClient> {
    return (await this.#entry(id)).client;
  }

  /** A private WebSocket for the account (the listener's fast path). */
  async socket(
    id: string,
    options: Omit<DeltaSocketOptions, 'wsUrl' | 'apiKey' | 'apiSecret' | 'serverNow'> = {},
  ): Promise<DeltaSocket> {
    const { record, client } = await this.#entry(id);
    if (!record.wsUrl) throw new Error(`broker account ${id} has no WebSocket URL`);
    return new DeltaSocket({
      ...options,
      wsUrl: record.wsUrl,
      apiKey: record.apiKey,
      apiSecret: await this.#secret(id),
      serverNow: () => client.serverNow(),
    });
  }

  /** Drops cached accounts (all, or one) after settings or keys changed. */
  async invalidate(id?: string): Promise<void> {
    const ids = id ? [id] : [...this.#entries.keys()];
    for (const key of ids) {
      const entry = this.#entries.get(key);
      this.#entries.delete(key);
      await entry?.then((e) => e.client.close()).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.invalidate();
  }

  #entry(id: string): Promise<Entry> {
    const cached = this.#entries.get(id);
    const ttl = this.#options.ttlMs ?? 30_000;
    if (cached) {
      return cached.then((entry) => {
        if (Date.now() - entry.loadedAt < ttl) return entry;
        void this.invalidate(id);
        return this.#entry(id);
      });
    }
    const loading = this.#load(id);
    this.#entries.set(id, loading);
    loading.catch(() => this.#entries.delete(id));
    return loading;
  }

  async #load(id: string): Promise<Entry> {
    const record = await loadAccount(this.#options.db, id);
    const client = new DeltaRestClient({
      baseUrl: record.baseUrl,
      apiKey: record.apiKey,
      apiSecret: await this.#secret(id),
      timeoutMs: this.#options.timeoutMs ?? 5_000,
      logger: this.#options.logger,
    });
    return { record, client, loadedAt: Date.now() };
  }

  async #secret(id: string): Promise<string> {
    const row = await this.#options.db.brokerAccount.findUniqueOrThrow({
      where: { id },
      select: { secretEnvelope: true },
    });
    return this.#options.vault.open(row.secretEnvelope, id);
  }
}

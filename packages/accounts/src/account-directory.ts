import type { SqlPool } from '@copytrade/db/sql';
import {
  DeltaRestClient,
  DeltaSocket,
  type DeltaLogger,
  type DeltaSocketOptions,
} from '@copytrade/delta-client';
import { createGroupCommit, type GroupCommit } from '@copytrade/runtime';
import type { Vault } from '@copytrade/vault';
import { AccountNotFound, type AccountRecord, type StoredAccount } from './account-record.ts';
import { loadAccountsSql } from './account-record-sql.ts';

/** Accounts read in one query at most. */
const MAX_READ_BATCH = 500;

export interface AccountDirectoryOptions {
  /** Where accounts are read (`loadAccountsSql`: record and sealed secret in one statement). */
  sql: SqlPool;
  vault: Vault;
  logger?: DeltaLogger;
  /** REST time limit per request. @defaultValue 5000 */
  timeoutMs?: number;
  /** Keep-alive connections per exchange host, shared by the accounts' clients. @defaultValue 64 */
  connectionsPerHost?: number;
  /** How long an account record is trusted before it is read again. @defaultValue 30000 */
  ttlMs?: number;
}

interface Entry {
  record: AccountRecord;
  client: DeltaRestClient;
  /** The sealed secret the client was built from (never opened again unless it changes). */
  secretEnvelope: string;
  loadedAt: number;
  refreshing: boolean;
}

/**
 * Accounts and their signed Delta clients, cached. The API secret is opened from the vault only
 * here, straight into the client's private field: it never sits in a job, a log or a return value.
 * A record older than its TTL is still served while it is read again in the background: an order
 * never waits for that read, and the client (its keep-alive connections and synced clock) is kept
 * unless the URL, key or sealed secret changed.
 */
export class AccountDirectory {
  readonly #options: AccountDirectoryOptions;
  readonly #entries = new Map<string, Promise<Entry>>();
  /**
   * Every read of an account (first load, refresh, secret) joins the reads asked for while one query
   * runs: a fan-out to 1,000 followers whose entries expire together costs a few queries, not 2,000.
   */
  readonly #reads: GroupCommit<string, StoredAccount | null>;

  constructor(options: AccountDirectoryOptions) {
    this.#options = options;
    const { sql } = options;
    this.#reads = createGroupCommit({
      maxBatch: MAX_READ_BATCH,
      async commit(ids) {
        const found = await loadAccountsSql(sql, ids);
        return ids.map((id) => found.get(id) ?? null);
      },
    });
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
        if (Date.now() - entry.loadedAt >= ttl && !entry.refreshing) void this.#refresh(id, cached, entry);
        return entry;
      });
    }
    const loading = this.#load(id);
    this.#entries.set(id, loading);
    loading.catch(() => this.#entries.delete(id));
    return loading;
  }

  async #load(id: string): Promise<Entry> {
    const { record, secretEnvelope } = await this.#read(id);
    return this.#build(id, record, secretEnvelope);
  }

  async #read(id: string): Promise<StoredAccount> {
    const stored = await this.#reads.submit(id);
    if (!stored) throw new AccountNotFound(id);
    return stored;
  }

  #build(id: string, record: AccountRecord, secretEnvelope: string): Entry {
    const client = new DeltaRestClient({
      baseUrl: record.baseUrl,
      apiKey: record.apiKey,
      apiSecret: this.#options.vault.open(secretEnvelope, id),
      timeoutMs: this.#options.timeoutMs ?? 5_000,
      connections: this.#options.connectionsPerHost,
      logger: this.#options.logger,
    });
    return { record, client, secretEnvelope, loadedAt: Date.now(), refreshing: false };
  }

  /** Reads the account again behind a stale entry; a failed read leaves it to the next access. */
  async #refresh(id: string, cached: Promise<Entry>, entry: Entry): Promise<void> {
    entry.refreshing = true;
    try {
      const { record, secretEnvelope } = await this.#read(id);
      // Invalidated meanwhile: the next access loads afresh.
      if (this.#entries.get(id) !== cached) return;
      const sameClient =
        record.baseUrl === entry.record.baseUrl &&
        record.apiKey === entry.record.apiKey &&
        secretEnvelope === entry.secretEnvelope;
      if (sameClient) {
        entry.record = record;
        entry.loadedAt = Date.now();
        return;
      }
      const fresh = this.#build(id, record, secretEnvelope);
      this.#entries.set(id, Promise.resolve(fresh));
      // Requests in flight on the old client finish first (close waits for them).
      await entry.client.close().catch(() => undefined);
    } catch (error) {
      // An account that is gone is dropped; anything else (a database hiccup) is tried again later.
      if (error instanceof AccountNotFound && this.#entries.get(id) === cached) await this.invalidate(id);
      this.#options.logger?.warn({ accountId: id, err: String(error) }, 'broker account refresh failed');
    } finally {
      entry.refreshing = false;
    }
  }

  async #secret(id: string): Promise<string> {
    return this.#options.vault.open((await this.#read(id)).secretEnvelope, id);
  }
}

import { type AuditEvent, queueNames } from '@copytrade/contracts';
import { createEventPublisher, type Redis } from '@copytrade/runtime';
import { createVault, parseMasterKeys, type Vault } from '@copytrade/vault';
import type { Queue } from 'bullmq';
import { type KeyVerifier, verifyExchangeKey } from '../accounts/verify-exchange-key.ts';
import { type ChangeNotifier, createChangeNotifier } from '../changes/change-notifier.ts';
import type { GatewayConfig } from '../config.ts';
import type { Venue } from '../venues/venues.ts';

/** What the broker-account and follow routes need beyond the database. */
export interface TradingDeps {
  vault: Vault;
  venues: readonly Venue[];
  verifyKey: KeyVerifier;
  changes: ChangeNotifier;
}

export function buildTradingDeps(input: {
  config: GatewayConfig;
  redis: Redis;
  keyPrefix: string;
  queues: Queue[];
}): TradingDeps {
  const auditQueue = input.queues.find((queue) => queue.name === queueNames.auditEvents);
  if (!auditQueue) throw new Error(`the gateway needs the ${queueNames.auditEvents} queue`);
  return {
    vault: createVault(parseMasterKeys(input.config.VAULT_KEYS, input.config.VAULT_ACTIVE_KEY_ID)),
    venues: input.config.EXCHANGE_VENUES,
    verifyKey: verifyExchangeKey,
    changes: createChangeNotifier({
      redis: input.redis,
      keyPrefix: input.keyPrefix,
      audit: createEventPublisher<AuditEvent>(auditQueue),
    }),
  };
}

import { eventLingerEnvSchema, baseEnvSchema } from '@copytrade/runtime';
import { vaultEnvSchema } from '@copytrade/vault';
import { z } from 'zod';

export const listenerEnvSchema = baseEnvSchema
  .extend(vaultEnvSchema.shape)
  .extend(eventLingerEnvSchema.shape)
  .extend({
    /** Names this replica in lease values and logs. @defaultValue host name + random suffix */
    LISTENER_REPLICA_ID: z.string().min(1).optional(),
    /** A master whose replica stops renewing is taken over after this long. */
    LEASE_TTL_MS: z.coerce.number().int().min(500).default(10_000),
    /** How often leases are renewed and free masters looked for. */
    LEASE_RENEW_MS: z.coerce.number().int().min(100).default(2_000),
    /** The REST safety net: fills since the cursor are read this often. */
    GAP_FILL_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
    /** Fills per REST page; a gap-fill reads every page to the end whatever this is. */
    GAP_FILL_PAGE_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
    /**
     * Seen fills are remembered in Redis this long after they happened (the record stays bounded);
     * REST fills older than half of it are checked against PostgreSQL's rows instead. @defaultValue 24 h
     */
    SEEN_FILLS_HORIZON_MS: z.coerce.number().int().min(1_000).default(86_400_000),
    /** Reconnect a private socket that heard nothing for this long. */
    WS_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(35_000),
  });

export type ListenerConfig = z.infer<typeof listenerEnvSchema>;

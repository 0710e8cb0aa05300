import { tracingEnvSchema } from '@copytrade/telemetry';
import { z } from 'zod';
import { defaultUrls } from './default-urls.ts';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`,
  );

const port = z.coerce.number().int().min(0).max(65535);
const boolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Variables every service reads. A service extends this with its own. */
export const baseEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    REDIS_URL: url(['redis:', 'rediss:']).default(defaultUrls.redis),
    DATABASE_URL: url(['postgresql:', 'postgres:']).default(defaultUrls.database),
    /** Namespaces every BullMQ key; wrap it in braces (`{copytrade}`) for Redis Cluster hash tags. */
    QUEUE_PREFIX: z
      .string()
      .min(1)
      .regex(/^[\w{}:-]+$/, 'letters, digits, _ - : { } only')
      .default('copytrade'),
    /** Port of the service's /healthz, /readyz and /metrics endpoint (0 = any free port). */
    HEALTH_PORT: port.default(0),
    /**
     * The process's CPU niceness (0-19), set at start. Services off the copy path (audit, exit-sync)
     * run nicer, so when the cores are busy a fan-out's copies go first and their records follow.
     */
    PROCESS_NICE: z.coerce.number().int().min(0).max(19).default(0),
  })
  .extend(tracingEnvSchema.shape);

export const envFields = { url, port, boolean };
export type BaseEnv = z.infer<typeof baseEnvSchema>;

import { z } from 'zod';
import { productConfigSchema } from '../domain/products.ts';

export const simulatorOptionsSchema = z
  .object({
    /** @defaultValue 0 (a random free port) */
    port: z.number().int().min(0).max(65_535).default(0),
    /** @defaultValue '127.0.0.1' */
    host: z.string().min(1).default('127.0.0.1'),
    /** Seeds fault randomness and price walks. @defaultValue 1 */
    seed: z.number().int().default(1),
    /** @defaultValue BTCUSD, ETHUSD, SOLUSD perpetuals */
    products: z.array(productConfigSchema).min(1).optional(),
    /** Market orders fill at mark ± this. @defaultValue 0 */
    slippageBps: z.number().min(0).max(1000).default(0),
    /** Contracts a resting order fills per mark crossing; null fills it whole. @defaultValue null */
    limitFillChunk: z.number().int().positive().nullable().default(null),
    /** Most fills a market order of N contracts is split into (min(parts, N)). @defaultValue 1 */
    marketFillParts: z.number().int().min(1).max(50).default(1),
    /** Each further part of a market order fills this much worse than the one before. @defaultValue 0 */
    partStepBps: z.number().min(0).max(100).default(0),
    /** A fill appears in REST `GET /v2/fills` this long after the WebSocket sent it. @defaultValue 0 */
    restFillsLagMs: z.number().int().min(0).max(600_000).default(0),
    /** Whether the lookup by client order id finds closed orders too (`any`) or only `open` ones. @defaultValue 'any' */
    clientOrderIdLookup: z.enum(['any', 'open']).default('any'),
    /** @defaultValue 30000 (Delta's) */
    heartbeatIntervalMs: z.number().int().positive().default(30_000),
    /** @defaultValue Delta's 10,000 units per 5 minutes */
    rateLimit: z
      .object({
        quota: z.number().int().positive().default(10_000),
        windowMs: z.number().int().positive().default(300_000),
      })
      .default({ quota: 10_000, windowMs: 300_000 }),
    /**
     * When set, every `/sim/v1` request must carry `Authorization: Bearer <controlToken>` (401 otherwise);
     * in-process `sim.control` calls are unaffected. @defaultValue none (the control API is open)
     */
    controlToken: z.string().min(1).optional(),
    /** Starts a seeded random walk at boot. @defaultValue off */
    priceWalk: z
      .object({
        symbols: z.array(z.string()).optional(),
        intervalMs: z.number().int().min(1).default(1000),
        stepBps: z.number().min(0).default(5),
      })
      .optional(),
  })
  .strict();

export type SimulatorOptions = z.input<typeof simulatorOptionsSchema>;

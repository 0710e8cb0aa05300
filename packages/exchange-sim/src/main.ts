import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startSimulator } from './start.ts';

// `pnpm sim [--port 8787] [--host 127.0.0.1] [--seed 1] [--walk]`; env SIM_PORT / SIM_HOST / SIM_SEED.
const { values } = parseArgs({
  // `pnpm sim -- --port 0` passes the separator through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    walk: { type: 'boolean', default: false },
  },
});

const config = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535),
    host: z.string().min(1),
    seed: z.coerce.number().int(),
  })
  .parse({
    port: values.port ?? process.env.SIM_PORT ?? '8787',
    host: values.host ?? process.env.SIM_HOST ?? '127.0.0.1',
    seed: values.seed ?? process.env.SIM_SEED ?? '1',
  });

const sim = await startSimulator({
  ...config,
  ...(values.walk ? { priceWalk: { intervalMs: 1000, stepBps: 5 } } : {}),
});
process.stdout.write(`exchange-sim REST ${sim.restUrl}  WS ${sim.wsUrl}  control ${sim.restUrl}/sim/v1\n`);

const shutdown = () => {
  sim.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

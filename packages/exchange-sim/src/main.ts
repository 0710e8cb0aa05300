import { parseArgs } from 'node:util';
import { z } from 'zod';
import { missingTokenReason } from './control/control-token-policy.ts';
import { startSimulator } from './start.ts';

// `pnpm sim [--port 8787] [--host 127.0.0.1] [--seed 1] [--walk]`; env SIM_PORT / SIM_HOST / SIM_SEED,
// SIM_CONTROL_TOKEN (env only, so the token stays out of the process list).
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

const controlToken = process.env.SIM_CONTROL_TOKEN || undefined;
const refusal = controlToken
  ? null
  : missingTokenReason({ host: config.host, nodeEnv: process.env.NODE_ENV });
if (refusal !== null) {
  process.stderr.write(
    `exchange-sim: SIM_CONTROL_TOKEN is required because ${refusal}.\n` +
      `  Set it to a random secret, e.g. SIM_CONTROL_TOKEN=$(node -p "require('node:crypto').randomBytes(24).toString('base64url')"),\n` +
      '  and send "Authorization: Bearer <token>" with every /sim/v1 request.\n',
  );
  process.exit(1);
}

const sim = await startSimulator({
  ...config,
  ...(controlToken ? { controlToken } : {}),
  ...(values.walk ? { priceWalk: { intervalMs: 1000, stepBps: 5 } } : {}),
});

const shutdown = () => {
  sim.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
// Printed once the signal handlers are in place: whoever waits for this line may stop us at once.
process.stdout.write(`exchange-sim REST ${sim.restUrl}  WS ${sim.wsUrl}  control ${sim.restUrl}/sim/v1\n`);
process.stdout.write(
  controlToken
    ? 'control API: send "Authorization: Bearer $SIM_CONTROL_TOKEN" with every /sim/v1 request\n'
    : 'control API: open (loopback, not production); set SIM_CONTROL_TOKEN to require "Authorization: Bearer <token>"\n',
);

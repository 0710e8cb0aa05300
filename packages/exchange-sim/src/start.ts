import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { carriesControlToken } from './control/control-auth.ts';
import { type SimControl, createControl } from './control/sim-control.ts';
import { serveControl } from './control/control-http.ts';
import { DEFAULT_PRODUCTS, productConfigSchema } from './domain/products.ts';
import { PriceWalk } from './engine/price-walk.ts';
import { createRng } from './engine/rng.ts';
import { SimState } from './engine/state.ts';
import { FaultRegistry } from './faults/fault-registry.ts';
import { serveDelta } from './http/handle-request.ts';
import { sendJson } from './http/respond.ts';
import { HeldRequests } from './http/held-requests.ts';
import { processCall } from './http/process-call.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { Router } from './http/router.ts';
import { accountRoutes } from './http/routes/account.routes.ts';
import { batchRoutes } from './http/routes/batch.routes.ts';
import { orderRoutes } from './http/routes/orders.routes.ts';
import { publicRoutes } from './http/routes/public.routes.ts';
import { type SimulatorOptions, simulatorOptionsSchema } from './types/options.ts';
import { Timeline } from './timeline/timeline.ts';
import { RequestTally } from './http/request-tally.ts';
import { WsHub } from './ws/hub.ts';

export interface Simulator {
  /** Base URL for Delta's REST API (append `/v2/...`). */
  restUrl: string;
  /** Delta's WebSocket URL (root path). */
  wsUrl: string;
  control: SimControl;
  stop(): Promise<void>;
}

/** Starts a Delta Exchange simulator: REST v2, WebSocket and `/sim/v1` control on one port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = simulatorOptionsSchema.parse(options);
  const products = (config.products ?? DEFAULT_PRODUCTS.map((p) => productConfigSchema.parse(p))).map((p) =>
    productConfigSchema.parse(p),
  );
  const state = new SimState(products, {
    slippageBps: config.slippageBps,
    limitFillChunk: config.limitFillChunk,
    marketFillParts: config.marketFillParts,
    partStepBps: config.partStepBps,
    restFillsLagMs: config.restFillsLagMs,
    clientOrderIdLookup: config.clientOrderIdLookup,
  });
  const faults = new FaultRegistry(state.clock, createRng(config.seed));
  const limiter = new RateLimiter(config.rateLimit);
  const tally = new RequestTally();
  const walk = new PriceWalk(state, createRng(config.seed ^ 0x5eed));
  const hub = new WsHub(state, faults, config.heartbeatIntervalMs);
  // After the hub: a fill's timestamp is taken once its message is sent.
  const timeline = new Timeline();
  state.listeners.push(hub, timeline);
  const held = new HeldRequests();
  const router = new Router([...publicRoutes, ...orderRoutes, ...batchRoutes, ...accountRoutes]);
  const deps = { state, router, faults, limiter, tally, held };
  faults.hooks = {
    disconnectWs: (userId) => hub.disconnect(userId),
    releaseHeld: (faultId) => held.release(faultId, (call) => processCall(deps, call)),
  };
  const control = createControl({ state, faults, limiter, tally, walk, hub, held, timeline });

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body =
        chunks.length === 0
          ? ''
          : chunks.length === 1
            ? chunks[0]!.toString()
            : Buffer.concat(chunks).toString();
      const url = req.url ?? '/';
      if (url.startsWith('/sim/')) {
        const { controlToken } = config;
        if (controlToken !== undefined && !carriesControlToken(req.headers.authorization, controlToken)) {
          sendJson(
            res,
            401,
            { error: 'the control API needs Authorization: Bearer <token>' },
            {
              'www-authenticate': 'Bearer realm="sim-control"',
            },
          );
          return;
        }
        const q = url.indexOf('?');
        serveControl(
          control,
          req.method ?? 'GET',
          q === -1 ? url : url.slice(0, q),
          body,
          res,
          q === -1 ? '' : url.slice(q + 1),
        );
        return;
      }
      serveDelta(deps, req, res, body);
    });
  });
  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (config.priceWalk) walk.start(config.priceWalk);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    restUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    control,
    async stop() {
      walk.stop();
      held.dropAll();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

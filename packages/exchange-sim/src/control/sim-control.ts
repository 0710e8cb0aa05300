import { Decimal } from 'decimal.js';
import { type Credentials, createAccount, createApiKey, fund } from '../engine/accounts.ts';
import { DeltaError } from '../engine/errors.ts';
import { setMark } from '../engine/marks.ts';
import type { PriceWalk } from '../engine/price-walk.ts';
import type { MatchingConfig, SimState } from '../engine/state.ts';
import type { Account } from '../engine/types.ts';
import type { FaultRegistry } from '../faults/fault-registry.ts';
import { type FaultSpec, faultSpecSchema, type ParsedFaultSpec } from '../faults/fault-spec.ts';
import type { HeldRequests } from '../http/held-requests.ts';
import type { RateLimitConfig, RateLimiter } from '../http/rate-limit.ts';
import type { RequestTally } from '../http/request-tally.ts';
import { balancesToWire } from '../wire/balance.ts';
import { fillToWire } from '../wire/fill.ts';
import { orderToWire } from '../wire/order.ts';
import { positionToWire } from '../wire/position.ts';
import type { Timeline, TimelinePage } from '../timeline/timeline.ts';
import type { WsHub } from '../ws/hub.ts';
import { ControlError, parseControl } from './control-error.ts';
import {
  type CreateAccountInput,
  type CreateApiKeyInput,
  createAccountSchema,
  createApiKeySchema,
  fundSchema,
  type MatchingInput,
  markPriceSchema,
  matchingSchema,
  type PriceWalkInput,
  priceWalkSchema,
  type RateLimitInput,
  rateLimitSchema,
  type TimelineInput,
  type TimelineQuery,
  timelineQuerySchema,
  timelineSchema,
} from './control-schemas.ts';

/** Test and demo control of the simulator (also served over HTTP under `/sim/v1`). */
export interface SimControl {
  createAccount(input?: CreateAccountInput): Credentials;
  createApiKey(userId: number, input?: CreateApiKeyInput): Credentials;
  /** Adds `amount` (negative removes) of `asset`; returns the new balance. */
  fund(userId: number, asset: string, amount: string): string;
  setMarkPrice(symbol: string, price: string): void;
  getMarkPrice(symbol: string): string;
  startPriceWalk(input?: PriceWalkInput): void;
  stopPriceWalk(): void;
  setMatching(input: MatchingInput): MatchingConfig;
  setRateLimit(input: RateLimitInput): RateLimitConfig;
  injectFault(spec: FaultSpec): string;
  /** Clearing a `hang` processes the requests it holds, at that moment (see the README). */
  clearFault(id: string): boolean;
  clearFaults(): void;
  listFaults(): { id: string; spec: ParsedFaultSpec }[];
  /** Every order / fill / position / balance row of an account, in Delta's wire shape. */
  orders(userId: number): ReturnType<typeof orderToWire>[];
  fills(userId: number): ReturnType<typeof fillToWire>[];
  positions(userId: number): ReturnType<typeof positionToWire>[];
  balances(userId: number): ReturnType<typeof balancesToWire>;
  /** Open WebSocket connections (all, or one user's authenticated ones). */
  disconnectWebSockets(userId?: number): number;
  /** Switches the timeline (orders taken, fills sent, with the simulator's own timestamps) on or off. */
  setTimeline(input: TimelineInput): { recording: boolean };
  /** Timeline events after a sequence number, oldest first. */
  timeline(query?: TimelineQuery): TimelinePage;
  /** The user's authenticated REST requests processed so far (without a user: those without a key), by route (`GET /v2/positions`). */
  requests(userId?: number): Record<string, number>;
  reset(): void;
}

export interface ControlDeps {
  state: SimState;
  faults: FaultRegistry;
  limiter: RateLimiter;
  tally: RequestTally;
  walk: PriceWalk;
  hub: WsHub;
  held: HeldRequests;
  timeline: Timeline;
}

function accountOf(state: SimState, userId: number): Account {
  const account = state.accounts.get(userId);
  if (!account) throw new ControlError(`unknown account ${userId}`, 404);
  return account;
}

function productOf(state: SimState, symbol: string) {
  const product = state.productsBySymbol.get(symbol);
  if (!product) throw new ControlError(`unknown product ${symbol}`, 404);
  return product;
}

/** Engine refusals (unknown asset…) surface as control errors. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DeltaError)
      throw new ControlError(`${err.code}${err.context ? ` ${JSON.stringify(err.context)}` : ''}`);
    throw err;
  }
}

export function createControl(deps: ControlDeps): SimControl {
  const { state, faults, limiter, tally, walk, hub, held, timeline } = deps;
  return {
    createAccount: (input) => createAccount(state, parseControl(createAccountSchema, input)),
    createApiKey: (userId, input) => {
      accountOf(state, userId);
      return createApiKey(state, userId, parseControl(createApiKeySchema, input));
    },
    fund: (userId, asset, amount) => {
      accountOf(state, userId);
      const body = parseControl(fundSchema, { asset, amount });
      return guard(() => fund(state, userId, body.asset, body.amount).toString());
    },
    setMarkPrice: (symbol, price) => {
      const body = parseControl(markPriceSchema, { price });
      setMark(state, productOf(state, symbol), new Decimal(body.price));
    },
    getMarkPrice: (symbol) => productOf(state, symbol).mark.toString(),
    startPriceWalk: (input) => {
      const config = parseControl(priceWalkSchema, input);
      for (const s of config.symbols ?? []) productOf(state, s);
      walk.start(config);
    },
    stopPriceWalk: () => walk.stop(),
    setMatching: (input) => {
      const body = parseControl(matchingSchema, input);
      const { matching } = state;
      if (body.slippageBps !== undefined) matching.slippageBps = body.slippageBps;
      if (body.limitFillChunk !== undefined) matching.limitFillChunk = body.limitFillChunk;
      if (body.marketFillParts !== undefined) matching.marketFillParts = body.marketFillParts;
      if (body.partStepBps !== undefined) matching.partStepBps = body.partStepBps;
      if (body.restFillsLagMs !== undefined) matching.restFillsLagMs = body.restFillsLagMs;
      if (body.clientOrderIdLookup !== undefined) matching.clientOrderIdLookup = body.clientOrderIdLookup;
      return { ...matching };
    },
    setRateLimit: (input) => {
      const body = parseControl(rateLimitSchema, input);
      limiter.config = { ...limiter.config, ...body };
      limiter.reset();
      return { ...limiter.config };
    },
    injectFault: (spec) => {
      const parsed = parseControl(faultSpecSchema, spec);
      const userId = parsed.kind === 'clock_offset' ? undefined : parsed.scope?.userId;
      if (userId !== undefined) accountOf(state, userId);
      return faults.inject(parsed);
    },
    clearFault: (id) => faults.clear(id),
    clearFaults: () => faults.clearAll(),
    listFaults: () => faults.list().map((f) => ({ id: f.id, spec: f.spec })),
    orders: (userId) => [...accountOf(state, userId).orders.values()].map(orderToWire),
    fills: (userId) =>
      accountOf(state, userId).fills.map((f) => fillToWire(f, state.productById(f.productId))),
    positions: (userId) => {
      const account = accountOf(state, userId);
      return [...account.positions.values()].map((p) =>
        positionToWire(state, account, state.productById(p.productId), p),
      );
    },
    balances: (userId) => balancesToWire(state, accountOf(state, userId)),
    disconnectWebSockets: (userId) => hub.disconnect(userId),
    setTimeline: (input) => timeline.configure(parseControl(timelineSchema, input)),
    timeline: (query) => {
      const { after, limit } = parseControl(timelineQuerySchema, query ?? {});
      return timeline.read(after, limit);
    },
    requests: (userId) => tally.of(userId ?? 'public'),
    reset: () => {
      // A fresh exchange never saw the requests a hang still holds.
      held.dropAll();
      walk.stop();
      faults.clearAll();
      hub.disconnect(undefined);
      hub.resetSequences();
      limiter.reset();
      tally.reset();
      timeline.reset();
      state.reset();
    },
  };
}

import { DeltaError } from '../engine/errors.ts';
import type { SimState } from '../engine/state.ts';
import type { Account, ApiKey } from '../engine/types.ts';
import type { FaultRegistry } from '../faults/fault-registry.ts';
import { authenticate } from './auth.ts';
import { type Call, header } from './call.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RequestTally } from './request-tally.ts';
import { sendFailure, sendInjected, sendRateLimited, sendSuccess } from './respond.ts';
import type { Reply, Route, RouteContext } from './route.ts';

export interface ProcessDeps {
  state: SimState;
  faults: FaultRegistry;
  limiter: RateLimiter;
  tally: RequestTally;
}

function authenticateCall(state: SimState, call: Call): ApiKey | undefined {
  if (call.route.access === 'public') return undefined;
  const input = {
    apiKey: call.apiKey,
    timestamp: header(call.req, 'timestamp'),
    signature: header(call.req, 'signature'),
    method: call.method,
    pathWithQuery: call.url,
    body: call.body,
    ip: call.ip,
  };
  return authenticate(state, input, call.route.access);
}

/** `GET /v2/positions`: a route's name in the request tally, built once per route. */
const tallyKeys = new WeakMap<Route, string>();

function tallyKey(route: Route): string {
  let key = tallyKeys.get(route);
  if (key === undefined) {
    key = `${route.method} ${route.path}`;
    tallyKeys.set(route, key);
  }
  return key;
}

/** A route's context whose query string is parsed only if the route reads it (placing an order never does). */
class CallContext implements RouteContext {
  readonly state: SimState;
  readonly account: Account | undefined;
  readonly params: Record<string, string>;
  readonly body: unknown;
  private readonly rawQuery: string;
  private parsedQuery: URLSearchParams | undefined;

  constructor(state: SimState, account: Account | undefined, call: Call, body: unknown) {
    this.state = state;
    this.account = account;
    this.params = call.params;
    this.body = body;
    this.rawQuery = call.query;
  }

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.rawQuery);
    return this.parsedQuery;
  }
}

function parseBody(body: string): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    throw new DeltaError(400, 'bad_schema', {
      schema_errors: [{ code: 'invalid_json', message: 'body is not JSON', param: '' }],
    });
  }
}

/**
 * Processes a request now: verifies it (the signature window against the simulator clock at this
 * moment), charges the rate limit, applies it, then answers. A client that has hung up in the
 * meantime changes nothing but the answer, which is skipped (as an exchange does).
 */
export function processCall(deps: ProcessDeps, call: Call): void {
  try {
    processChecked(deps, call);
  } catch (err) {
    sendFailure(call.res, err);
  }
}

function processChecked(deps: ProcessDeps, call: Call): void {
  const { state, faults } = deps;
  const { res, route } = call;
  const key = authenticateCall(state, call);
  const reset = deps.limiter.charge(
    key ? `u:${key.userId}` : `ip:${call.ip}`,
    route.weight,
    state.clock.nowMs(),
  );
  if (reset > 0) {
    sendRateLimited(res, reset);
    return;
  }
  deps.tally.count(key?.userId ?? 'public', tallyKey(route));
  const userId = key?.userId ?? call.peekUser;
  const faulty = faults.size > 0;
  const failure = faulty ? faults.take('http_error', userId, call.routeKeys) : undefined;
  const failStatus = failure?.spec.kind === 'http_error' ? failure.spec.status : 0;
  // 503 means "not processed"; 500/502 are answered after the request took effect.
  const processed = failure?.spec.kind === 'http_error' && (failure.spec.processed ?? failStatus !== 503);
  if (failure && !processed) {
    sendInjected(res, failStatus);
    return;
  }
  const body = parseBody(call.body);
  const account = key ? state.account(key.userId) : undefined;
  let reply: Reply | undefined;
  let error: unknown;
  try {
    reply = route.handler(new CallContext(state, account, call, body));
  } catch (err) {
    error = err;
  }
  if (faulty && faults.take('drop_response', userId, call.routeKeys)) {
    call.req.socket.destroy();
    return;
  }
  if (failure) sendInjected(res, failStatus);
  else if (reply) sendSuccess(res, reply.result, reply.meta);
  else sendFailure(res, error);
}

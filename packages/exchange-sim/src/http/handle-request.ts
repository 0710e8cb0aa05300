import type { IncomingMessage, ServerResponse } from 'node:http';
import { DeltaError } from '../engine/errors.ts';
import type { SimState } from '../engine/state.ts';
import type { ApiKey } from '../engine/types.ts';
import type { FaultRegistry } from '../faults/fault-registry.ts';
import { authenticate, normalizeIp } from './auth.ts';
import type { RateLimiter } from './rate-limit.ts';
import { sendError, sendJson, sendSuccess } from './respond.ts';
import type { Reply, Route } from './route.ts';
import type { Router } from './router.ts';

export interface DeltaHttpDeps {
  state: SimState;
  router: Router;
  faults: FaultRegistry;
  limiter: RateLimiter;
  /** Requests held by a `hang` fault, closed when it is cleared. */
  hung: Set<ServerResponse>;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  route: Route;
  params: Record<string, string>;
  method: string;
  url: string;
  path: string;
  query: string;
  body: string;
  apiKey: string | undefined;
  /** The key's owner before verification, so faults can be scoped per account. */
  peekUser: number | undefined;
  routeKeys: string[];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** 429 without an error code, like a gateway's: clients classify it by status and reset header. */
function sendRateLimited(res: ServerResponse, resetMs: number): void {
  const headers = { 'X-RATE-LIMIT-RESET': String(resetMs) };
  sendJson(res, 429, { success: false, error: { context: { reset_in_ms: resetMs } } }, headers);
}

function sendFailure(res: ServerResponse, err: unknown): void {
  if (err instanceof DeltaError) {
    sendError(res, err.status, err.code, err.context);
    return;
  }
  process.stderr.write(`[exchange-sim] internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
  sendError(res, 500, 'internal_server_error');
}

function sendInjected(res: ServerResponse, status: number): void {
  sendError(res, status, status === 500 ? 'internal_server_error' : 'unavailable');
}

/** Serves one Delta REST request: auth, rate limit and faults around the route's handler. */
export function serveDelta(
  deps: DeltaHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  if (!header(req, 'user-agent')) {
    sendError(res, 403, 'forbidden', { message: 'Request blocked: User-Agent header required' });
    return;
  }
  const match = deps.router.match(method, path);
  if (match === undefined) {
    sendError(res, 404, 'not_found', { path });
    return;
  }
  if (match === 'method_not_allowed') {
    sendError(res, 405, 'method_not_allowed', { method, path });
    return;
  }
  const { faults } = deps;
  const apiKey = header(req, 'api-key');
  const call: Call = {
    req,
    res,
    route: match.route,
    params: match.params,
    method,
    url,
    path,
    query: q === -1 ? '' : url.slice(q + 1),
    body,
    apiKey,
    peekUser: faults.size > 0 && apiKey ? deps.state.keys.get(apiKey)?.userId : undefined,
    routeKeys: faults.size > 0 ? [`${method} ${match.route.path}`, `${method} ${path}`] : [],
  };
  if (faults.size > 0) {
    const storm = faults.take('rate_limit_storm', call.peekUser, call.routeKeys);
    if (storm) {
      sendRateLimited(res, Math.max(1, (storm.expiresAt ?? Date.now()) - Date.now()));
      return;
    }
    const latency = faults.take('latency', call.peekUser, call.routeKeys);
    if (latency?.spec.kind === 'latency') {
      setTimeout(() => execute(deps, call), latency.spec.ms + faults.jitter(latency.spec.jitterMs));
      return;
    }
  }
  execute(deps, call);
}

function authenticateCall(deps: DeltaHttpDeps, call: Call): ApiKey | undefined {
  if (call.route.access === 'public') return undefined;
  const input = {
    apiKey: call.apiKey,
    timestamp: header(call.req, 'timestamp'),
    signature: header(call.req, 'signature'),
    method: call.method,
    pathWithQuery: call.url,
    body: call.body,
    ip: normalizeIp(call.req.socket.remoteAddress),
  };
  return authenticate(deps.state, input, call.route.access);
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

function execute(deps: DeltaHttpDeps, call: Call): void {
  const { res } = call;
  if (res.destroyed) return;
  try {
    executeChecked(deps, call);
  } catch (err) {
    sendFailure(res, err);
  }
}

function executeChecked(deps: DeltaHttpDeps, call: Call): void {
  const { state, faults } = deps;
  const { res, route } = call;
  const key = authenticateCall(deps, call);
  const ip = normalizeIp(call.req.socket.remoteAddress);
  const reset = deps.limiter.charge(key ? `u:${key.userId}` : `ip:${ip}`, route.weight, state.clock.nowMs());
  if (reset > 0) {
    sendRateLimited(res, reset);
    return;
  }
  const userId = key?.userId ?? call.peekUser;
  const faulty = faults.size > 0;
  if (faulty && faults.take('hang', userId, call.routeKeys)) {
    deps.hung.add(res);
    res.on('close', () => deps.hung.delete(res));
    return;
  }
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
    reply = route.handler({
      state,
      account,
      params: call.params,
      query: new URLSearchParams(call.query),
      body,
    });
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeIp } from './auth.ts';
import { type Call, header } from './call.ts';
import type { HeldRequests } from './held-requests.ts';
import { type ProcessDeps, processCall } from './process-call.ts';
import { sendError, sendRateLimited } from './respond.ts';
import type { Router } from './router.ts';

export interface DeltaHttpDeps extends ProcessDeps {
  router: Router;
  /** Requests held by a `hang` fault until it is cleared. */
  held: HeldRequests;
}

/** Serves one Delta REST request: routing and the faults that act before it is processed. */
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
    ip: normalizeIp(req.socket.remoteAddress),
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
      setTimeout(() => admit(deps, call), latency.spec.ms + faults.jitter(latency.spec.jitterMs));
      return;
    }
  }
  admit(deps, call);
}

/** A `hang` holds the request unprocessed until its fault is cleared; anything else is processed now. */
function admit(deps: DeltaHttpDeps, call: Call): void {
  const hang = deps.faults.size > 0 ? deps.faults.take('hang', call.peekUser, call.routeKeys) : undefined;
  if (hang) deps.held.hold(hang.id, call);
  else processCall(deps, call);
}

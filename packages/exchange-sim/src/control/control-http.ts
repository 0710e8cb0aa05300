import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/respond.ts';
import { ControlError } from './control-error.ts';
import type { SimControl } from './sim-control.ts';

type Handler = (control: SimControl, params: string[], body: unknown, query: URLSearchParams) => unknown;

const userIdOf = (raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ControlError(`invalid user id ${String(raw)}`);
  return n;
};

const field = (body: unknown, name: string): unknown =>
  body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;

/** `/sim/v1/...` routes: the same operations as the in-process control object (start.ts checks `controlToken` first). */
const ROUTES: [string, RegExp, Handler][] = [
  ['POST', /^\/sim\/v1\/accounts$/, (c, _p, b) => c.createAccount(b as never)],
  ['POST', /^\/sim\/v1\/accounts\/(\d+)\/api-keys$/, (c, p, b) => c.createApiKey(userIdOf(p[0]), b as never)],
  [
    'POST',
    /^\/sim\/v1\/accounts\/(\d+)\/fund$/,
    (c, p, b) => ({
      balance: c.fund(userIdOf(p[0]), field(b, 'asset') as string, field(b, 'amount') as string),
    }),
  ],
  ['GET', /^\/sim\/v1\/accounts\/(\d+)\/orders$/, (c, p) => c.orders(userIdOf(p[0]))],
  ['GET', /^\/sim\/v1\/accounts\/(\d+)\/fills$/, (c, p) => c.fills(userIdOf(p[0]))],
  ['GET', /^\/sim\/v1\/accounts\/(\d+)\/positions$/, (c, p) => c.positions(userIdOf(p[0]))],
  ['GET', /^\/sim\/v1\/accounts\/(\d+)\/balances$/, (c, p) => c.balances(userIdOf(p[0]))],
  ['GET', /^\/sim\/v1\/accounts\/(\d+)\/requests$/, (c, p) => c.requests(userIdOf(p[0]))],
  ['GET', /^\/sim\/v1\/requests$/, (c) => c.requests()],
  [
    'PUT',
    /^\/sim\/v1\/mark-prices\/([^/]+)$/,
    (c, p, b) => {
      c.setMarkPrice(p[0] ?? '', field(b, 'price') as string);
      return { symbol: p[0], price: c.getMarkPrice(p[0] ?? '') };
    },
  ],
  [
    'GET',
    /^\/sim\/v1\/mark-prices\/([^/]+)$/,
    (c, p) => ({ symbol: p[0], price: c.getMarkPrice(p[0] ?? '') }),
  ],
  [
    'POST',
    /^\/sim\/v1\/price-walk\/start$/,
    (c, _p, b) => {
      c.startPriceWalk(b as never);
      return { running: true };
    },
  ],
  [
    'POST',
    /^\/sim\/v1\/price-walk\/stop$/,
    (c) => {
      c.stopPriceWalk();
      return { running: false };
    },
  ],
  ['PUT', /^\/sim\/v1\/matching$/, (c, _p, b) => c.setMatching(b as never)],
  ['PUT', /^\/sim\/v1\/rate-limit$/, (c, _p, b) => c.setRateLimit(b as never)],
  ['POST', /^\/sim\/v1\/faults$/, (c, _p, b) => ({ id: c.injectFault(b as never) })],
  ['GET', /^\/sim\/v1\/faults$/, (c) => c.listFaults()],
  [
    'DELETE',
    /^\/sim\/v1\/faults$/,
    (c) => {
      c.clearFaults();
      return { cleared: true };
    },
  ],
  ['DELETE', /^\/sim\/v1\/faults\/([^/]+)$/, (c, p) => ({ cleared: c.clearFault(p[0] ?? '') })],
  [
    'POST',
    /^\/sim\/v1\/ws\/disconnect$/,
    (c, _p, b) => ({ closed: c.disconnectWebSockets(field(b, 'userId') as never) }),
  ],
  ['PUT', /^\/sim\/v1\/timeline$/, (c, _p, b) => c.setTimeline(b as never)],
  ['GET', /^\/sim\/v1\/timeline$/, (c, _p, _b, q) => c.timeline(Object.fromEntries(q) as never)],
  [
    'POST',
    /^\/sim\/v1\/reset$/,
    (c) => {
      c.reset();
      return { reset: true };
    },
  ],
];

export function serveControl(
  control: SimControl,
  method: string,
  path: string,
  rawBody: string,
  res: ServerResponse,
  query = '',
) {
  let body: unknown;
  try {
    body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON' });
  }
  let pathKnown = false;
  for (const [m, regex, handler] of ROUTES) {
    const hit = regex.exec(path);
    if (!hit) continue;
    pathKnown = true;
    if (m !== method) continue;
    try {
      return sendJson(res, 200, handler(control, hit.slice(1), body, new URLSearchParams(query)) ?? {});
    } catch (err) {
      if (err instanceof ControlError) return sendJson(res, err.status, { error: err.message });
      return sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
    }
  }
  sendJson(res, pathKnown ? 405 : 404, { error: `${method} ${path} is not a control route` });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from './route.ts';

/** One Delta REST request as received, kept whole so it can be processed later (latency, hang). */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  route: Route;
  params: Record<string, string>;
  method: string;
  url: string;
  path: string;
  query: string;
  body: string;
  /** Read on arrival: a socket that has closed by processing time no longer knows its peer. */
  ip: string;
  apiKey: string | undefined;
  /** The key's owner before verification, so faults can be scoped per account. */
  peekUser: number | undefined;
  routeKeys: string[];
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

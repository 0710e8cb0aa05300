import type { SimState } from '../engine/state.ts';
import type { Account } from '../engine/types.ts';

export type Access = 'public' | 'read' | 'trading';

export interface RouteContext {
  state: SimState;
  /** Set on private routes after authentication. */
  account: Account | undefined;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface Reply {
  result: unknown;
  meta?: Record<string, unknown>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Delta path template, e.g. `/v2/orders/{order_id}`. */
  path: string;
  access: Access;
  /** Rate-limit weight (Delta's table; 1 otherwise). */
  weight: number;
  handler(ctx: RouteContext): Reply;
}

export function requireAccount(ctx: RouteContext): Account {
  if (!ctx.account) throw new Error('private route without an account');
  return ctx.account;
}

import type { SimState } from '../engine/state.ts';
import { positionToWire } from '../wire/position.ts';
import { orderToWire } from '../wire/order.ts';
import { baseSymbol, PRIVATE_CHANNELS, PUBLIC_CHANNELS } from './channels.ts';
import { checkKeyAuth } from './key-auth.ts';
import type { Session } from './session.ts';

interface ChannelRequest {
  name?: unknown;
  symbols?: unknown;
}

function channelsOf(message: Record<string, unknown>): ChannelRequest[] {
  const payload = message.payload as { channels?: unknown } | undefined;
  return Array.isArray(payload?.channels) ? (payload.channels as ChannelRequest[]) : [];
}

function listSubscriptions(session: Session) {
  return [...session.subs.entries()].map(([name, symbols]) => ({ name, symbols: [...symbols] }));
}

function sendSnapshots(state: SimState, session: Session, name: string, symbols: string[]) {
  if (session.userId === null) return;
  const account = state.accounts.get(session.userId);
  if (!account) return;
  const all = symbols.includes('all');
  const wanted = (symbol: string) => all || symbols.includes(symbol);
  if (name === 'positions') {
    const result = [];
    for (const pos of account.positions.values()) {
      const product = state.productById(pos.productId);
      if (pos.size !== 0 && wanted(product.symbol)) result.push(positionToWire(state, account, product, pos));
    }
    session.send({ type: 'positions', action: 'snapshot', success: true, result });
  }
  if (name === 'orders') {
    const result = [];
    for (const order of account.orders.values()) {
      if ((order.state === 'open' || order.state === 'pending') && wanted(order.symbol))
        result.push(orderToWire(order));
    }
    session.send({
      type: 'orders',
      action: 'snapshot',
      success: true,
      result,
      meta: { timestamp: state.clock.nowUs() },
    });
  }
}

function subscribe(state: SimState, session: Session, message: Record<string, unknown>) {
  const errors: { name: string; error: string }[] = [];
  const added: { name: string; symbols: string[] }[] = [];
  for (const channel of channelsOf(message)) {
    const name = typeof channel.name === 'string' ? channel.name : '';
    const symbols = Array.isArray(channel.symbols)
      ? channel.symbols.filter((s): s is string => typeof s === 'string')
      : [];
    if (PRIVATE_CHANNELS.has(name) && session.userId === null) {
      errors.push({ name, error: `subscription forbidden on ${name}. Unauthorized user` });
      continue;
    }
    if (!PRIVATE_CHANNELS.has(name) && !PUBLIC_CHANNELS.has(name)) {
      errors.push({ name, error: `channel ${name} is not supported` });
      continue;
    }
    const set = session.subs.get(name) ?? new Set<string>();
    for (const s of symbols) set.add(name === 'mark_price' ? baseSymbol(s) : s);
    session.subs.set(name, set);
    added.push({ name, symbols });
  }
  session.send({ type: 'subscriptions', channels: [...listSubscriptions(session), ...errors] });
  for (const { name, symbols } of added) sendSnapshots(state, session, name, symbols);
}

function unsubscribe(session: Session, message: Record<string, unknown>) {
  for (const channel of channelsOf(message)) {
    if (typeof channel.name !== 'string') continue;
    const set = session.subs.get(channel.name);
    if (!set) continue;
    if (!Array.isArray(channel.symbols)) session.subs.delete(channel.name);
    else
      for (const s of channel.symbols)
        set.delete(channel.name === 'mark_price' ? baseSymbol(String(s)) : String(s));
  }
  session.send({ type: 'unsubscribed', channels: listSubscriptions(session) });
}

/** Handles one client message on a Delta socket. */
export function handleMessage(state: SimState, session: Session, text: string, heartbeatMs: number): void {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(text) as Record<string, unknown>;
  } catch {
    session.send({ type: 'error', message: 'invalid json' });
    return;
  }
  switch (message.type) {
    case 'key-auth': {
      const result = checkKeyAuth(state, message.payload, session.ip);
      if (result.ok) {
        session.userId = result.userId;
        session.send({ type: 'key-auth', success: true, status_code: 200, status: 'authenticated' });
      } else {
        session.send({
          type: 'key-auth',
          success: false,
          status_code: result.statusCode,
          status: result.status,
        });
      }
      return;
    }
    case 'unauth':
      session.userId = null;
      for (const name of PRIVATE_CHANNELS) session.subs.delete(name);
      session.send({ type: 'unauth', success: true, status_code: 200, status: 'unauthenticated' });
      return;
    case 'subscribe':
      subscribe(state, session, message);
      return;
    case 'unsubscribe':
      unsubscribe(session, message);
      return;
    case 'enable_heartbeat':
      session.enableHeartbeat(heartbeatMs);
      return;
    case 'disable_heartbeat':
      session.disableHeartbeat();
      return;
    case 'ping':
      session.send({ type: 'pong' });
      return;
    default:
      session.send({ type: 'error', message: `unsupported message type ${String(message.type)}` });
  }
}

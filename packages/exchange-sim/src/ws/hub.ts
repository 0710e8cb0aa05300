import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { OrderAction, PositionAction, EngineListener } from '../engine/events.ts';
import type { SimState } from '../engine/state.ts';
import type { Account, Fill, Order, Position, Product } from '../engine/types.ts';
import type { FaultRegistry } from '../faults/fault-registry.ts';
import { normalizeIp } from '../http/auth.ts';
import { walletToWire } from '../wire/balance.ts';
import { tickerToWire } from '../wire/product.ts';
import { isSubscribed } from './channels.ts';
import { markPriceEvent, orderEvent, positionEvent, userTrade, v2UserTrade } from './messages.ts';
import { handleMessage } from './protocol.ts';
import { Session } from './session.ts';

/** Delta's socket lives at the root; `/ws` is accepted too. */
const WS_PATHS = new Set(['/', '/ws', '/live']);

/** The WebSocket side: sessions, and the engine's events fanned out to their subscribers. */
export class WsHub implements EngineListener {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  /** Authenticated sessions by user: a private event reaches its user's sessions without a scan of all. */
  private readonly byUser = new Map<number, Set<Session>>();
  /** Wallets changed in this turn of the event loop, sent once each when it ends (`margins`). */
  private readonly walletsDue = new Map<Account, Set<string>>();
  private walletsFlushing = false;
  private readonly orderSeq = new Map<string, number>();
  private readonly state: SimState;
  private readonly faults: FaultRegistry;
  heartbeatMs: number;

  constructor(state: SimState, faults: FaultRegistry, heartbeatMs: number) {
    this.state = state;
    this.faults = faults;
    this.heartbeatMs = heartbeatMs;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!WS_PATHS.has(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new Session(ws, normalizeIp(req.socket.remoteAddress), (s, previous) =>
        this.reindex(s, previous),
      );
      this.sessions.add(session);
      ws.on('message', (data) => handleMessage(this.state, session, String(data), this.heartbeatMs));
      ws.on('close', () => this.forget(session));
      ws.on('error', () => ws.terminate());
    });
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /** Drops connections abruptly (as a network failure would): one user's, or all. */
  disconnect(userId: number | undefined): number {
    let n = 0;
    const dropped = userId === undefined ? this.sessions : (this.byUser.get(userId) ?? []);
    for (const session of [...dropped]) {
      session.ws.terminate();
      this.forget(session);
      n++;
    }
    return n;
  }

  private forget(session: Session): void {
    session.disableHeartbeat();
    this.sessions.delete(session);
    this.unindex(session, session.userId);
  }

  private unindex(session: Session, userId: number | null): void {
    if (userId === null) return;
    const set = this.byUser.get(userId);
    set?.delete(session);
    if (set?.size === 0) this.byUser.delete(userId);
  }

  private reindex(session: Session, previous: number | null): void {
    this.unindex(session, previous);
    const next = session.userId;
    if (next === null || !this.sessions.has(session)) return;
    let set = this.byUser.get(next);
    if (set === undefined) {
      set = new Set();
      this.byUser.set(next, set);
    }
    set.add(session);
  }

  resetSequences(): void {
    this.orderSeq.clear();
  }

  async close(): Promise<void> {
    this.disconnect(undefined);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private *subscribers(userId: number, channel: string, symbol: string): Generator<Session> {
    const sessions = this.byUser.get(userId);
    if (sessions === undefined) return;
    for (const session of sessions) {
      if (isSubscribed(session.subs, channel, symbol)) yield session;
    }
  }

  /**
   * Marks an asset of a wallet as changed. Delta sends `margins` on every change of a wallet's
   * balance or margins; one order's events (created, filled, position) change it together, so the
   * message goes once they are all applied, with the wallet as it then stands.
   */
  private walletChanged(account: Account, asset: string): void {
    if (!this.watchesWallet(account.userId)) return;
    let assets = this.walletsDue.get(account);
    if (assets === undefined) {
      assets = new Set();
      this.walletsDue.set(account, assets);
    }
    assets.add(asset);
    if (this.walletsFlushing) return;
    this.walletsFlushing = true;
    queueMicrotask(() => this.sendWallets());
  }

  private watchesWallet(userId: number): boolean {
    for (const session of this.byUser.get(userId) ?? []) if (session.subs.has('margins')) return true;
    return false;
  }

  private sendWallets(): void {
    this.walletsFlushing = false;
    const now = this.state.clock.nowUs();
    for (const [account, assets] of this.walletsDue) {
      for (const asset of assets) {
        let text: string | undefined;
        for (const s of this.byUser.get(account.userId) ?? []) {
          if (!s.subs.has('margins')) continue;
          text ??= JSON.stringify({
            ...walletToWire(this.state, account, asset),
            type: 'margins',
            action: 'update',
            timestamp: now,
          });
          s.sendRaw(text);
        }
      }
    }
    this.walletsDue.clear();
  }

  onWallet(account: Account, asset: string): void {
    this.walletChanged(account, asset);
  }

  onFill(account: Account, fill: Fill): void {
    // A gap fault drops the message for everyone while the sequence has already advanced.
    const skipV2 = this.faults.size > 0 && this.faults.takeGap(account.userId);
    if (this.sessions.size === 0) return;
    this.walletChanged(account, this.state.productById(fill.productId).config.settling);
    let v2: string | undefined;
    if (!skipV2) {
      for (const s of this.subscribers(account.userId, 'v2/user_trades', fill.symbol)) {
        v2 ??= JSON.stringify(v2UserTrade(fill));
        s.sendRaw(v2);
      }
    }
    let legacy: string | undefined;
    for (const s of this.subscribers(account.userId, 'user_trades', fill.symbol)) {
      legacy ??= JSON.stringify(userTrade(fill));
      s.sendRaw(legacy);
    }
  }

  onOrder(account: Account, order: Order, action: OrderAction, reason: string | null): void {
    if (this.sessions.size === 0) return;
    this.walletChanged(account, this.state.productById(order.productId).config.settling);
    const key = `${account.userId}:${order.symbol}`;
    const seq = (this.orderSeq.get(key) ?? 0) + 1;
    this.orderSeq.set(key, seq);
    let text: string | undefined;
    for (const s of this.subscribers(account.userId, 'orders', order.symbol)) {
      text ??= JSON.stringify(orderEvent(order, action, reason, seq, this.state.clock.nowUs()));
      s.sendRaw(text);
    }
  }

  onPosition(account: Account, product: Product, position: Position, action: PositionAction): void {
    if (this.sessions.size === 0) return;
    let text: string | undefined;
    for (const s of this.subscribers(account.userId, 'positions', product.symbol)) {
      text ??= JSON.stringify(positionEvent(this.state, account, product, position, action));
      s.sendRaw(text);
    }
  }

  onMark(product: Product): void {
    if (this.sessions.size === 0) return;
    const now = this.state.clock.nowUs();
    // Each message is built and serialised once, for every subscriber.
    let mark: string | undefined;
    let ticker: string | undefined;
    for (const s of this.sessions) {
      if (isSubscribed(s.subs, 'mark_price', product.symbol)) {
        mark ??= JSON.stringify(markPriceEvent(product, now));
        s.sendRaw(mark);
      }
      if (isSubscribed(s.subs, 'v2/ticker', product.symbol)) {
        ticker ??= JSON.stringify({ ...tickerToWire(product, now), type: 'v2/ticker' });
        s.sendRaw(ticker);
      }
    }
  }
}

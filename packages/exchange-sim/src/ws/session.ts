import type { WebSocket } from 'ws';
import type { Subscriptions } from './channels.ts';

/** One WebSocket connection: its authenticated user, subscriptions and heartbeat timer. */
export class Session {
  readonly ws: WebSocket;
  readonly ip: string;
  readonly subs: Subscriptions = new Map();
  private user: number | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly onUserChange: ((session: Session, previous: number | null) => void) | undefined;

  constructor(ws: WebSocket, ip: string, onUserChange?: (session: Session, previous: number | null) => void) {
    this.ws = ws;
    this.ip = ip;
    this.onUserChange = onUserChange;
  }

  /** The authenticated user; the hub indexes sessions by it. */
  get userId(): number | null {
    return this.user;
  }

  set userId(next: number | null) {
    const previous = this.user;
    this.user = next;
    if (previous !== next) this.onUserChange?.(this, previous);
  }

  send(message: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
  }

  enableHeartbeat(intervalMs: number): void {
    this.disableHeartbeat();
    this.heartbeat = setInterval(() => this.send({ type: 'heartbeat' }), intervalMs);
    this.heartbeat.unref();
  }

  disableHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

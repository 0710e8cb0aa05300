import type { WebSocket } from 'ws';
import type { Subscriptions } from './channels.ts';

/** One WebSocket connection: its authenticated user, subscriptions and heartbeat timer. */
export class Session {
  readonly ws: WebSocket;
  readonly ip: string;
  userId: number | null = null;
  readonly subs: Subscriptions = new Map();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(ws: WebSocket, ip: string) {
    this.ws = ws;
    this.ip = ip;
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

import WebSocket from 'ws';
import { signWsAuth } from '../sign.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire fields.
type Message = any;

/** A WebSocket test client that queues messages and waits for one matching a predicate. */
export class WsTestClient {
  readonly ws: WebSocket;
  readonly received: Message[] = [];
  private waiters: { pred: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly closed: Promise<void>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      this.received.push(msg);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(msg)) return true;
        w.resolve(msg);
        return false;
      });
    });
  }

  static async connect(url: string): Promise<WsTestClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WsTestClient(ws);
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  next(pred: (m: Message) => boolean, timeoutMs = 2000): Promise<Message> {
    const seen = this.received.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async auth(apiKey: string, apiSecret: string, timestamp = Math.floor(Date.now() / 1000)): Promise<Message> {
    this.send({
      type: 'key-auth',
      payload: { 'api-key': apiKey, timestamp, signature: signWsAuth(apiSecret, timestamp) },
    });
    return this.next((m) => m.type === 'key-auth');
  }

  async subscribe(name: string, symbols: string[]): Promise<Message> {
    const before = this.received.length;
    this.send({ type: 'subscribe', payload: { channels: [{ name, symbols }] } });
    return this.next((m) => m.type === 'subscriptions' && this.received.indexOf(m) >= before);
  }

  close(): void {
    this.ws.terminate();
  }
}

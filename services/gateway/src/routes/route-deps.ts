import type { Db } from '@copytrade/db';
import type { SessionStore } from '../auth/session-store.ts';
import type { TradingDeps } from './trading-deps.ts';
import type { OpsDeps } from '../ops/ops-deps.ts';
import type { NotificationDeps } from '../notifications/notification-deps.ts';

/** What route plugins are given: plain values and clients, testable without the app. */
export interface RouteDeps {
  db: Db;
  sessions: SessionStore;
  cookies: { secure: boolean; maxAgeSeconds: number };
  loginRateLimit: { max: number; windowMs: number };
  trading: TradingDeps;
  ops: OpsDeps;
  notifications: NotificationDeps;
}

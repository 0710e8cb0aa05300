import type { z } from 'zod';
import { tickerSchema } from '../schemas/ticker.ts';
import type { DeltaSocketEvents } from './socket-types.ts';
import {
  markPriceSchema,
  orderEventSchema,
  positionEventSchema,
  snapshotSchema,
  userTradeSchema,
  walletUpdateSchema,
} from './ws-messages.ts';

type DataEvent = 'userTrade' | 'order' | 'position' | 'markPrice' | 'ticker' | 'wallet';

interface Route {
  event: DataEvent;
  schema: z.ZodType;
}

const routes: Record<string, Route> = {
  'v2/user_trades': { event: 'userTrade', schema: userTradeSchema },
  orders: { event: 'order', schema: orderEventSchema },
  positions: { event: 'position', schema: positionEventSchema },
  mark_price: { event: 'markPrice', schema: markPriceSchema },
  'v2/ticker': { event: 'ticker', schema: tickerSchema },
  margins: { event: 'wallet', schema: walletUpdateSchema },
};

export type Emit = <K extends keyof DeltaSocketEvents>(event: K, ...args: DeltaSocketEvents[K]) => void;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function emitOne(route: Route, type: string, payload: unknown, emit: Emit): void {
  const parsed = route.schema.safeParse(payload);
  if (!parsed.success) {
    emit('invalidMessage', { type, issues: describeIssues(parsed.error) });
    return;
  }
  (emit as (event: DataEvent, value: unknown) => void)(route.event, parsed.data);
}

/** Validates a data frame and emits its event(s); returns false when `type` is not a data channel. */
export function routeDataFrame(type: string, frame: Record<string, unknown>, emit: Emit): boolean {
  const route = routes[type];
  if (route === undefined) return false;
  // Only a frame that says it is a snapshot is read as one (a failed parse builds an error: costly per frame).
  const snapshot = frame.action === 'snapshot' ? snapshotSchema.safeParse(frame) : undefined;
  if (snapshot?.success) {
    for (const item of snapshot.data.result) {
      emitOne(route, type, { ...(item as object), action: 'snapshot' }, emit);
    }
    return true;
  }
  emitOne(route, type, frame, emit);
  return true;
}

import type { AccountDirectory } from '@copytrade/accounts';

export interface ExchangePosition {
  size: number;
  productId: number | undefined;
}

/** An account's open positions by symbol, as the exchange reports them now. */
export async function readPositions(
  accounts: AccountDirectory,
  accountId: string,
): Promise<Map<string, ExchangePosition>> {
  const client = await accounts.rest(accountId);
  const positions = await client.getMarginedPositions();
  const bySymbol = new Map<string, ExchangePosition>();
  for (const p of positions) {
    if (p.productSymbol === undefined || p.size === 0) continue;
    bySymbol.set(p.productSymbol, { size: p.size, productId: p.productId });
  }
  return bySymbol;
}

// Our client order ids: copies ('cp') and corrections ('cr'), 32 characters.
const ours = /^c[pr][A-Za-z0-9]{30}$/;

/** What the exchange says a position is worth, as decimal strings (null where it says nothing). */
export interface PositionValue {
  entryPrice: string | null;
  realizedPnl: string | null;
  unrealizedPnl: string | null;
}

/** An account's positions and resting orders of ours, read together. */
export interface AccountBook {
  /** Open positions by symbol, with their value. */
  positions: Map<string, ExchangePosition & { value: PositionValue }>;
  /** Products where one of our orders (a copy or a correction) rests open. */
  resting: Set<number>;
}

const positionValue = (p: {
  entryPrice?: string;
  realizedPnl?: string;
  unrealizedPnl?: string;
}): PositionValue => ({
  entryPrice: p.entryPrice ?? null,
  realizedPnl: p.realizedPnl ?? null,
  unrealizedPnl: p.unrealizedPnl ?? null,
});

/**
 * Every open position of the account and, when asked, where our orders rest: read while the drain
 * locks of the symbols that matter are held, one request each instead of two per symbol.
 */
export async function readAccountBook(
  accounts: AccountDirectory,
  accountId: string,
  withOrders: boolean,
): Promise<AccountBook> {
  const client = await accounts.rest(accountId);
  const [positions, orders] = await Promise.all([
    client.getMarginedPositions(),
    withOrders ? client.getOpenOrders() : [],
  ]);
  const bySymbol: AccountBook['positions'] = new Map();
  for (const p of positions) {
    if (p.productSymbol === undefined || p.size === 0) continue;
    bySymbol.set(p.productSymbol, { size: p.size, productId: p.productId, value: positionValue(p) });
  }
  const resting = new Set<number>();
  for (const o of orders)
    if (o.clientOrderId !== undefined && ours.test(o.clientOrderId)) resting.add(o.productId);
  return { positions: bySymbol, resting };
}

/**
 * The account's position on one symbol now, what it is worth, and whether one of our orders (a copy
 * or a correction) rests open there: read while the symbol's drain lock is held.
 */
export async function positionNow(
  accounts: AccountDirectory,
  accountId: string,
  productId: number,
): Promise<{ actual: number; resting: boolean; value: PositionValue }> {
  const client = await accounts.rest(accountId);
  const [position, orders] = await Promise.all([
    client.getPositions({ productId }),
    client.getOpenOrders({ productIds: [productId] }),
  ]);
  const resting = orders.some((o) => o.clientOrderId !== undefined && ours.test(o.clientOrderId));
  return { actual: position.size, resting, value: positionValue(position) };
}

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
  const value = {
    entryPrice: position.entryPrice ?? null,
    realizedPnl: position.realizedPnl ?? null,
    unrealizedPnl: position.unrealizedPnl ?? null,
  };
  return { actual: position.size, resting, value };
}

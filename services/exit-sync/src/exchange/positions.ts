import type { ReconcileDeps } from '../handlers/reconcile-deps.ts';

export interface ExchangePosition {
  size: number;
  productId: number | undefined;
}

/** An account's open positions by symbol, as the exchange reports them now. */
export async function readPositions(
  deps: ReconcileDeps,
  accountId: string,
): Promise<Map<string, ExchangePosition>> {
  const client = await deps.accounts.rest(accountId);
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

/** Symbols on which one of our orders rests open for the account (a copy or correction in flight). */
export async function openOrderSymbols(deps: ReconcileDeps, accountId: string): Promise<Set<string>> {
  const client = await deps.accounts.rest(accountId);
  const orders = await client.getOpenOrders();
  const symbols = new Set<string>();
  for (const o of orders) {
    if (o.productSymbol !== undefined && o.clientOrderId !== undefined && ours.test(o.clientOrderId))
      symbols.add(o.productSymbol);
  }
  return symbols;
}

/** Channels that need `key-auth` first. */
export const PRIVATE_CHANNELS = new Set(['orders', 'positions', 'user_trades', 'v2/user_trades', 'margins']);

/** Public channels the simulator publishes (no order book: l2/trades are accepted but stay silent). */
export const PUBLIC_CHANNELS = new Set([
  'v2/ticker',
  'ticker',
  'mark_price',
  'l1_orderbook',
  'l2_orderbook',
  'l2_updates',
  'all_trades',
  'funding_rate',
  'product_updates',
  'announcements',
]);

/** `mark_price` subscribers name `MARK:BTCUSD`; everything else the plain symbol. */
export function baseSymbol(symbol: string): string {
  return symbol.startsWith('MARK:') ? symbol.slice(5) : symbol;
}

export type Subscriptions = Map<string, Set<string>>;

export function isSubscribed(subs: Subscriptions, channel: string, symbol: string): boolean {
  const symbols = subs.get(channel);
  return symbols !== undefined && (symbols.has('all') || symbols.has(symbol));
}

/** Assets the simulator lists: USD settles everything; the rest are underlyings. */
export interface AssetInfo {
  id: number;
  symbol: string;
  precision: number;
  name: string;
}

const KNOWN: Record<string, AssetInfo> = {
  USD: { id: 14, symbol: 'USD', precision: 8, name: 'US Dollar' },
  BTC: { id: 1, symbol: 'BTC', precision: 8, name: 'Bitcoin' },
  ETH: { id: 3, symbol: 'ETH', precision: 8, name: 'Ethereum' },
  SOL: { id: 66, symbol: 'SOL', precision: 8, name: 'Solana' },
};

/** The asset table for a set of symbols; unknown symbols get stable ids above 1000. */
export function buildAssets(symbols: Iterable<string>): Map<string, AssetInfo> {
  const out = new Map<string, AssetInfo>();
  let next = 1001;
  for (const symbol of [...new Set(symbols)].sort()) {
    out.set(symbol, KNOWN[symbol] ?? { id: next++, symbol, precision: 8, name: symbol });
  }
  return out;
}

/** A realistic master session: opens, adds, partial closes, a flip and full exits on three symbols. */
export interface SessionStep {
  symbol: string;
  side: 'buy' | 'sell';
  size: number;
  /** Mark price the market moves to before the master trades. */
  markPrice: string;
  what: string;
}

export const masterSession: SessionStep[] = [
  { symbol: 'BTCUSD', side: 'buy', size: 100, markPrice: '60000', what: 'open long' },
  { symbol: 'ETHUSD', side: 'buy', size: 40, markPrice: '3000', what: 'open long' },
  { symbol: 'BTCUSD', side: 'buy', size: 50, markPrice: '60250', what: 'add' },
  { symbol: 'SOLUSD', side: 'sell', size: 200, markPrice: '150', what: 'open short' },
  { symbol: 'BTCUSD', side: 'sell', size: 60, markPrice: '60900', what: 'partial close' },
  { symbol: 'SOLUSD', side: 'buy', size: 80, markPrice: '147.5', what: 'partial close' },
  { symbol: 'BTCUSD', side: 'sell', size: 190, markPrice: '61200', what: 'flip to short' },
  { symbol: 'ETHUSD', side: 'sell', size: 40, markPrice: '3060', what: 'full exit' },
  { symbol: 'SOLUSD', side: 'buy', size: 120, markPrice: '146', what: 'full exit' },
  { symbol: 'BTCUSD', side: 'buy', size: 100, markPrice: '60800', what: 'full exit' },
];

export const sessionSymbols = [...new Set(masterSession.map((s) => s.symbol))];

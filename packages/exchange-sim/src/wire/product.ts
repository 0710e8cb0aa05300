import type { AssetInfo } from '../domain/assets.ts';
import type { SimState } from '../engine/state.ts';
import type { Product } from '../engine/types.ts';

const LAUNCH_TIME = '2020-01-01T00:00:00Z';

export function assetToWire(asset: AssetInfo) {
  return {
    id: asset.id,
    symbol: asset.symbol,
    name: asset.name,
    precision: asset.precision,
    minimum_precision: 2,
    deposit_status: 'enabled',
    withdrawal_status: 'enabled',
    base_withdrawal_fee: '0',
    min_withdrawal_amount: '0',
    networks: [],
  };
}

function assetBrief(state: SimState, symbol: string) {
  const asset = state.assets.get(symbol);
  return { id: asset?.id ?? 0, symbol, precision: asset?.precision ?? 8, minimum_precision: 2 };
}

/** The short product object embedded in fills. */
export function productBrief(product: Product) {
  const c = product.config;
  return {
    id: product.id,
    symbol: product.symbol,
    contract_type: 'perpetual_futures',
    contract_value: c.contractValue,
    contract_unit_currency: c.underlying,
    notional_type: 'vanilla',
    tick_size: c.tickSize,
    underlying_asset: { symbol: c.underlying },
    quoting_asset: { symbol: c.quoting },
    settling_asset: { symbol: c.settling },
  };
}

/** A product as `GET /v2/products` returns it. */
export function productToWire(state: SimState, product: Product) {
  const c = product.config;
  return {
    id: product.id,
    symbol: product.symbol,
    description: `${c.underlying} ${c.quoting} Perpetual`,
    contract_type: 'perpetual_futures',
    contract_value: c.contractValue,
    contract_unit_currency: c.underlying,
    tick_size: c.tickSize,
    state: 'live',
    trading_status: 'operational',
    default_leverage: c.defaultLeverage,
    max_leverage_notional: '10000000',
    initial_margin: c.initialMargin,
    maintenance_margin: c.maintenanceMargin,
    position_size_limit: c.positionSizeLimit,
    taker_commission_rate: c.takerCommissionRate,
    maker_commission_rate: c.makerCommissionRate,
    notional_type: 'vanilla',
    impact_size: 10000,
    is_quanto: false,
    funding_method: 'mark_price',
    price_band: '5',
    launch_time: LAUNCH_TIME,
    settlement_time: null,
    strike_price: null,
    short_description: `${c.underlying} Perpetual`,
    underlying_asset: assetBrief(state, c.underlying),
    quoting_asset: assetBrief(state, c.quoting),
    settling_asset: assetBrief(state, c.settling),
    spot_index: { symbol: `.DEX${c.underlying}${c.quoting}` },
    product_specs: {},
  };
}

/** A ticker as `GET /v2/tickers` returns it (no book: bid/ask are mark ∓ one tick). */
export function tickerToWire(product: Product, timestampUs: number) {
  const mark = product.mark.toString();
  const close = product.mark.toNumber();
  return {
    symbol: product.symbol,
    product_id: product.id,
    contract_type: 'perpetual_futures',
    timestamp: timestampUs,
    mark_price: mark,
    spot_price: mark,
    close,
    open: close,
    high: close,
    low: close,
    volume: 0,
    turnover: 0,
    turnover_symbol: product.config.quoting,
    turnover_usd: 0,
    oi: '0',
    oi_contracts: '0',
    mark_change_24h: '0',
    size: 0,
    greeks: null,
    price_band: null,
    quotes: {
      best_bid: product.mark.sub(product.tickSize).toString(),
      best_ask: product.mark.add(product.tickSize).toString(),
      bid_size: '1000',
      ask_size: '1000',
    },
  };
}

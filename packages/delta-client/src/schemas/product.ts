import { z } from 'zod';
import { contractsSchema, decimalSchema } from './common.ts';

const assetRefSchema = z.object({ symbol: z.string() }).nullish();

export const productSchema = z
  .object({
    id: z.number().int(),
    symbol: z.string(),
    contract_type: z.string(),
    contract_value: decimalSchema,
    tick_size: decimalSchema,
    state: z.string().nullish(),
    trading_status: z.string().nullish(),
    default_leverage: decimalSchema.nullish(),
    position_size_limit: contractsSchema.nullish(),
    taker_commission_rate: decimalSchema.nullish(),
    maker_commission_rate: decimalSchema.nullish(),
    initial_margin: decimalSchema.nullish(),
    maintenance_margin: decimalSchema.nullish(),
    notional_type: z.string().nullish(),
    underlying_asset: assetRefSchema,
    quoting_asset: assetRefSchema,
    settling_asset: assetRefSchema,
  })
  .transform((p) => ({
    id: p.id,
    symbol: p.symbol,
    contractType: p.contract_type,
    contractValue: p.contract_value,
    tickSize: p.tick_size,
    state: p.state ?? undefined,
    tradingStatus: p.trading_status ?? undefined,
    defaultLeverage: p.default_leverage ?? undefined,
    positionSizeLimit: p.position_size_limit ?? undefined,
    takerCommissionRate: p.taker_commission_rate ?? undefined,
    makerCommissionRate: p.maker_commission_rate ?? undefined,
    initialMargin: p.initial_margin ?? undefined,
    maintenanceMargin: p.maintenance_margin ?? undefined,
    notionalType: p.notional_type ?? undefined,
    underlyingAsset: p.underlying_asset?.symbol,
    quotingAsset: p.quoting_asset?.symbol,
    settlingAsset: p.settling_asset?.symbol,
  }));

export type Product = z.output<typeof productSchema>;

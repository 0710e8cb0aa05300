import { z } from 'zod';

/** A simulated perpetual: the subset of Delta's product fields the engine needs to trade it. */
export const productConfigSchema = z.object({
  id: z.number().int().positive(),
  symbol: z.string().min(1),
  underlying: z.string().min(1),
  quoting: z.string().default('USD'),
  settling: z.string().default('USD'),
  contractValue: z.string(),
  tickSize: z.string(),
  defaultLeverage: z.string().default('10'),
  maxLeverage: z.string().default('100'),
  positionSizeLimit: z.number().int().positive().default(100_000),
  takerCommissionRate: z.string().default('0.0005'),
  makerCommissionRate: z.string().default('0.0002'),
  initialMargin: z.string().default('1'),
  maintenanceMargin: z.string().default('0.5'),
  markPrice: z.string(),
});
export type ProductConfigInput = z.input<typeof productConfigSchema>;
export type ProductConfig = z.output<typeof productConfigSchema>;

/** Delta India's ids for BTCUSD (27) and ETHUSD (3136); the rest are the simulator's choice. */
export const DEFAULT_PRODUCTS: ProductConfigInput[] = [
  {
    id: 27,
    symbol: 'BTCUSD',
    underlying: 'BTC',
    contractValue: '0.001',
    tickSize: '0.5',
    markPrice: '60000',
  },
  {
    id: 3136,
    symbol: 'ETHUSD',
    underlying: 'ETH',
    contractValue: '0.01',
    tickSize: '0.05',
    markPrice: '3000',
  },
  {
    id: 14823,
    symbol: 'SOLUSD',
    underlying: 'SOL',
    contractValue: '1',
    tickSize: '0.001',
    markPrice: '150',
    defaultLeverage: '5',
    maxLeverage: '50',
  },
];

import { Decimal } from 'decimal.js';
import { type AssetInfo, buildAssets } from '../domain/assets.ts';
import type { ProductConfig } from '../domain/products.ts';
import { SimClock } from './clock.ts';
import { DeltaError } from './errors.ts';
import type { EngineListener } from './events.ts';
import type { Account, ApiKey, Product } from './types.ts';

export interface MatchingConfig {
  /** Market orders fill at mark ± this many basis points. */
  slippageBps: number;
  /** Most contracts a resting order fills per mark crossing; null fills it whole. */
  limitFillChunk: number | null;
  /** Most fills a market order is split into, each at a worse price than the one before. */
  marketFillParts: number;
  /** How many basis points each further part of a market order fills worse than the one before. */
  partStepBps: number;
  /** How long a fill stays off REST `GET /v2/fills` after it was made (the WebSocket has it at once). */
  restFillsLagMs: number;
  /**
   * Which orders `GET /v2/orders/client_order_id/{cid}` finds: `any` (latest with that id) or only
   * `open` ones, since Delta's documentation does not say whether filled or cancelled ones are found.
   */
  clientOrderIdLookup: 'any' | 'open';
}

/** Everything the simulated exchange knows; one instance per simulator. */
export class SimState {
  readonly products = new Map<number, Product>();
  readonly productsBySymbol = new Map<string, Product>();
  readonly assets: Map<string, AssetInfo>;
  readonly accounts = new Map<number, Account>();
  readonly keys = new Map<string, ApiKey>();
  readonly clock = new SimClock();
  readonly listeners: EngineListener[] = [];
  readonly productConfigs: ProductConfig[];
  matching: MatchingConfig;
  nextUserId = 100_001;
  nextOrderId = 1;
  nextFillId = 1;
  private readonly initialMatching: MatchingConfig;

  constructor(products: ProductConfig[], matching: MatchingConfig) {
    this.productConfigs = products;
    this.initialMatching = { ...matching };
    this.matching = { ...matching };
    this.assets = buildAssets(products.flatMap((p) => [p.underlying, p.quoting, p.settling]));
    this.loadProducts();
  }

  private loadProducts(): void {
    this.products.clear();
    this.productsBySymbol.clear();
    for (const config of this.productConfigs) {
      const product: Product = {
        config,
        id: config.id,
        symbol: config.symbol,
        contractValue: new Decimal(config.contractValue),
        tickSize: new Decimal(config.tickSize),
        takerRate: new Decimal(config.takerCommissionRate),
        makerRate: new Decimal(config.makerCommissionRate),
        defaultLeverage: new Decimal(config.defaultLeverage),
        mark: new Decimal(config.markPrice),
        book: new Set(),
      };
      this.products.set(product.id, product);
      this.productsBySymbol.set(product.symbol, product);
    }
  }

  productById(id: number): Product {
    const product = this.products.get(id);
    if (!product) throw new DeltaError(400, 'invalid_contract', { product_id: id });
    return product;
  }

  productBySymbol(symbol: string): Product {
    const product = this.productsBySymbol.get(symbol);
    if (!product) throw new DeltaError(404, 'invalid_contract', { symbol });
    return product;
  }

  account(userId: number): Account {
    const account = this.accounts.get(userId);
    if (!account) throw new DeltaError(404, 'account_not_found', { user_id: userId });
    return account;
  }

  leverageOf(account: Account, product: Product): Decimal {
    return account.leverage.get(product.id) ?? product.defaultLeverage;
  }

  /** Back to a freshly started exchange: no accounts, initial marks, sequences restart at 1. */
  reset(): void {
    this.accounts.clear();
    this.keys.clear();
    this.clock.offsetMs = 0;
    this.matching = { ...this.initialMatching };
    this.nextUserId = 100_001;
    this.nextOrderId = 1;
    this.nextFillId = 1;
    this.loadProducts();
  }
}

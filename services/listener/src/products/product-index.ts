import type { AccountDirectory } from '@copytrade/accounts';

interface Index {
  idBySymbol: Map<string, number>;
  symbolById: Map<number, string>;
}

/**
 * Product ids ↔ symbols of a master's exchange, read once per account: socket fills name the
 * symbol, REST fills and positions may carry only the id.
 */
export class ProductIndex {
  readonly #accounts: AccountDirectory;
  readonly #byAccount = new Map<string, Promise<Index>>();

  constructor(accounts: AccountDirectory) {
    this.#accounts = accounts;
  }

  async idOf(accountId: string, symbol: string): Promise<number> {
    const id = (await this.#index(accountId)).idBySymbol.get(symbol);
    if (id === undefined) throw new Error(`unknown product ${symbol}`);
    return id;
  }

  async symbolOf(accountId: string, productId: number): Promise<string> {
    const symbol = (await this.#index(accountId)).symbolById.get(productId);
    if (symbol === undefined) throw new Error(`unknown product id ${productId}`);
    return symbol;
  }

  #index(accountId: string): Promise<Index> {
    let index = this.#byAccount.get(accountId);
    if (!index) {
      index = this.#accounts
        .rest(accountId)
        .then((client) => client.getProducts())
        .then((products) => ({
          idBySymbol: new Map(products.map((p) => [p.symbol, p.id])),
          symbolById: new Map(products.map((p) => [p.id, p.symbol])),
        }));
      // A failed read is not remembered: the next fill tries again.
      index.catch(() => this.#byAccount.delete(accountId));
      this.#byAccount.set(accountId, index);
    }
    return index;
  }
}

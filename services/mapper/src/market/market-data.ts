import type { AccountDirectory } from '@copytrade/accounts';
import type { Balance, Product } from '@copytrade/delta-client';
import type { MarkStreams } from './mark-streams.ts';
import type { ReloadScheduler } from './deferred-reloads.ts';
import { TtlCache } from './ttl-cache.ts';
import { type WalletAsset, type WalletStreams, walletIn } from './wallet-streams.ts';

export type { WalletAsset } from './wallet-streams.ts';

/** What the mapper reads from the exchange, cached; the exchange sits behind this interface. */
export interface MarketData {
  /** The product on the account's exchange, or undefined when it is not listed there. */
  product(accountId: string, symbol: string): Promise<Product | undefined>;
  /** The account's wallet in one asset (zero when it holds none). */
  wallet(accountId: string, asset: string): Promise<WalletAsset>;
  /** The product as `product` has it in memory, or undefined (nothing is loaded). */
  knownProduct(accountId: string, symbol: string): Promise<Product | undefined>;
  /** The wallet as `wallet` has it in memory, or undefined (nothing is loaded). */
  knownWallet(accountId: string, asset: string): Promise<WalletAsset | undefined>;
  /** The current mark price (last trade price when there is no mark), from the exchange's stream when it runs. */
  markPrice(accountId: string, symbol: string): Promise<string>;
  /** Forgets which exchange each account is on (its broker account may have changed). */
  invalidateAccounts(): void;
}

export interface MarketDataOptions {
  balancesTtlMs: number;
  /** Balances younger than this are served while they reload in the background. */
  balancesMaxStaleMs: number;
  productsTtlMs: number;
  productsMaxStaleMs: number;
  tickerTtlMs: number;
  /** How long an account's exchange is trusted before it is read again, in the background. */
  accountsTtlMs: number;
  /** Marks kept from the exchanges' streams; without, every mark is a (cached) REST read. */
  marks?: MarkStreams | undefined;
  /** Wallets kept from the accounts' `margins` streams; without, every wallet is a (cached) REST read. */
  wallets?: WalletStreams | undefined;
  /** Where the background reloads of stale balances and accounts run; at once without. */
  reloads?: ReloadScheduler | undefined;
}

export function createMarketData(accounts: AccountDirectory, options: MarketDataOptions): MarketData {
  // Balances and products reload in the background once read: after the first fill, no decision
  // waits on the exchange for them (a cold cache is loaded once, shared by concurrent readers).
  const products = new TtlCache<Map<string, Product>>({
    ttlMs: options.productsTtlMs,
    maxStaleMs: options.productsMaxStaleMs,
  });
  // Per account, so a 1,000-follower fan-out finds 1,000 of them stale at once: their reloads wait
  // for the burst to pass (the scheduler), the products' and tickers' (one per exchange) need not.
  const { reloads } = options;
  const scheduleReload = reloads && ((reload: () => Promise<void>) => reloads.schedule(reload));
  const balances = new TtlCache<Balance[]>({
    ttlMs: options.balancesTtlMs,
    maxStaleMs: options.balancesMaxStaleMs,
    scheduleReload,
  });
  const tickers = new TtlCache<string>(options.tickerTtlMs);
  // Products and tickers are public and per exchange, so accounts on one exchange share them.
  // Which exchange an account is on is kept here too, served stale while it reloads: the account
  // directory's own entries expire (then cost two database reads and a new client each), and a
  // 1,000-follower fill must not wait on 1,000 of those.
  const exchanges = new TtlCache<{ baseUrl: string; wsUrl: string | null; apiKey: string }>({
    ttlMs: options.accountsTtlMs,
    maxStaleMs: Math.max(options.accountsTtlMs, options.productsMaxStaleMs),
    scheduleReload,
  });
  const venueOf = (accountId: string) =>
    exchanges.get(accountId, async () => {
      const { baseUrl, wsUrl, apiKey } = await accounts.account(accountId);
      return { baseUrl, wsUrl, apiKey };
    });
  const exchangeOf = async (accountId: string) => (await venueOf(accountId)).baseUrl;
  // A load still under way that fails counts as not known: its reader sees the error itself.
  const known = async <V>(value: Promise<V> | undefined) => value?.catch(() => undefined);

  return {
    async product(accountId, symbol) {
      const listed = await products
        .get(await exchangeOf(accountId), async () => {
          const all = await (await accounts.rest(accountId)).getProducts();
          return new Map(all.map((p) => [p.symbol, p]));
        })
        .catch((err: unknown) => {
          // The exchange did not answer: the account may have moved, so read it afresh next time.
          exchanges.delete(accountId);
          throw err;
        });
      return listed.get(symbol);
    },
    async wallet(accountId, asset) {
      const fresh = async () => (await accounts.rest(accountId)).getBalances();
      const cached = () => balances.get(accountId, fresh);
      if (options.wallets === undefined) return walletIn(await cached(), asset);
      const { wsUrl, apiKey } = await venueOf(accountId);
      if (wsUrl === null) return walletIn(await cached(), asset);
      return options.wallets.wallet(accountId, `${wsUrl} ${apiKey}`, asset, { fresh, cached });
    },
    async knownProduct(accountId, symbol) {
      const venue = await known(exchanges.peek(accountId));
      if (venue === undefined) return undefined;
      return (await known(products.peek(venue.baseUrl)))?.get(symbol);
    },
    async knownWallet(accountId, asset) {
      const streamed = options.wallets?.known(accountId, asset);
      if (streamed !== undefined) return streamed;
      const rows = await known(balances.peek(accountId));
      return rows === undefined ? undefined : walletIn(rows, asset);
    },
    async markPrice(accountId, symbol) {
      const { baseUrl, wsUrl } = await venueOf(accountId);
      const fresh = async () => {
        const ticker = await (await accounts.rest(accountId)).getTicker(symbol);
        const price = ticker.markPrice ?? ticker.lastPrice;
        if (price === undefined) throw new Error(`no mark or last price for ${symbol}`);
        return price;
      };
      const cached = () => tickers.get(`${baseUrl} ${symbol}`, fresh);
      if (options.marks === undefined || wsUrl === null) return cached();
      return options.marks.price(wsUrl, symbol, { fresh, cached });
    },
    invalidateAccounts: () => exchanges.clear(),
  };
}

import type { Route } from '../route.ts';
import { assetToWire, productToWire, tickerToWire } from '../../wire/product.ts';
import { paginate } from './paginate.ts';

export const publicRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v2/products',
    access: 'public',
    weight: 3,
    handler: ({ state, query }) => {
      const products = [...state.products.values()].sort((a, b) => b.id - a.id);
      const { page, meta } = paginate(products, query, 500);
      return { result: page.map((p) => productToWire(state, p)), meta };
    },
  },
  {
    method: 'GET',
    path: '/v2/products/{symbol}',
    access: 'public',
    weight: 1,
    handler: ({ state, params }) => ({
      result: productToWire(state, state.productBySymbol(params.symbol ?? '')),
    }),
  },
  {
    method: 'GET',
    path: '/v2/assets',
    access: 'public',
    weight: 1,
    handler: ({ state }) => ({ result: [...state.assets.values()].map(assetToWire) }),
  },
  {
    method: 'GET',
    path: '/v2/tickers',
    access: 'public',
    weight: 3,
    handler: ({ state }) => {
      const now = state.clock.nowUs();
      return { result: [...state.products.values()].map((p) => tickerToWire(p, now)) };
    },
  },
  {
    method: 'GET',
    path: '/v2/tickers/{symbol}',
    access: 'public',
    weight: 3,
    handler: ({ state, params }) => ({
      result: tickerToWire(state.productBySymbol(params.symbol ?? ''), state.clock.nowUs()),
    }),
  },
  {
    method: 'GET',
    path: '/v2/settings',
    access: 'public',
    weight: 1,
    handler: ({ state }) => ({
      result: {
        server_time: state.clock.nowUs(),
        under_maintenance: 'false',
        enabled_wallets: [...state.assets.keys()],
      },
    }),
  },
];

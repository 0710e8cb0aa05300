import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { badSchema, DeltaError } from '../../engine/errors.ts';
import { positionMargin, walletSummary } from '../../engine/margin.ts';
import { closeAllPositions } from '../../engine/orders.ts';
import type { Fill } from '../../engine/types.ts';
import { balancesToWire } from '../../wire/balance.ts';
import { fillToWire } from '../../wire/fill.ts';
import { positionToWire } from '../../wire/position.ts';
import { type Route, requireAccount } from '../route.ts';
import { resolveProduct } from './order-helpers.ts';
import { paginate } from './paginate.ts';
import { idList, intParam, parseWith } from './parse.ts';

const leverageSchema = z.object({
  leverage: z
    .union([z.string(), z.number()])
    .transform(String)
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) >= 1, 'leverage must be a number ≥ 1'),
});

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v2/positions',
    access: 'read',
    weight: 3,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      const idRaw = ctx.query.get('product_id');
      const product = resolveProduct(ctx.state, {
        product_id: idRaw === null ? undefined : Number(idRaw),
        product_symbol: ctx.query.get('product_symbol') ?? undefined,
      })!;
      const pos = account.positions.get(product.id);
      if (!pos) {
        return {
          result: {
            user_id: account.userId,
            product_id: product.id,
            product_symbol: product.symbol,
            size: 0,
            entry_price: null,
            margin: '0',
            liquidation_price: null,
            bankruptcy_price: null,
            realized_pnl: '0',
            realized_funding: '0',
            unrealized_pnl: '0',
            timestamp: ctx.state.clock.nowUs(),
          },
        };
      }
      return {
        result: { ...positionToWire(ctx.state, account, product, pos), timestamp: ctx.state.clock.nowUs() },
      };
    },
  },
  {
    method: 'GET',
    path: '/v2/positions/margined',
    access: 'read',
    weight: 3,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      const products = idList(ctx.query, 'product_ids');
      const result = [];
      for (const pos of account.positions.values()) {
        if (pos.size === 0 || (products && !products.has(pos.productId))) continue;
        result.push(positionToWire(ctx.state, account, ctx.state.productById(pos.productId), pos));
      }
      return { result };
    },
  },
  {
    method: 'POST',
    path: '/v2/positions/close_all',
    access: 'trading',
    weight: 5,
    handler: (ctx) => {
      closeAllPositions(ctx.state, requireAccount(ctx));
      return { result: {} };
    },
  },
  {
    method: 'GET',
    path: '/v2/wallet/balances',
    access: 'read',
    weight: 3,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      const usd = walletSummary(ctx.state, account, 'USD');
      return {
        result: balancesToWire(ctx.state, account),
        meta: { net_equity: usd.balance.add(usd.unrealizedPnl).toString(), robo_trading_equity: '0' },
      };
    },
  },
  {
    method: 'GET',
    path: '/v2/fills',
    access: 'read',
    weight: 10,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      const products = idList(ctx.query, 'product_ids');
      const start = intParam(ctx.query, 'start_time');
      const end = intParam(ctx.query, 'end_time');
      const fills: Fill[] = [];
      const now = performance.now();
      for (let i = account.fills.length - 1; i >= 0; i--) {
        const f = account.fills[i]!;
        // The WebSocket runs ahead of REST by `restFillsLagMs`: a fill is listed only once it is due.
        if (f.restVisibleAtMs > now) continue;
        if (products && !products.has(f.productId)) continue;
        if ((start !== null && f.createdAtUs < start) || (end !== null && f.createdAtUs > end)) continue;
        fills.push(f);
      }
      const { page, meta } = paginate(fills, ctx.query);
      return { result: page.map((f) => fillToWire(f, ctx.state.productById(f.productId))), meta };
    },
  },
  {
    method: 'GET',
    path: '/v2/products/{product_id}/orders/leverage',
    access: 'read',
    weight: 1,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      const product = ctx.state.productById(Number(ctx.params.product_id));
      for (const listener of ctx.state.listeners) listener.onWallet?.(account, product.config.settling);
      const orderMargin = walletSummary(ctx.state, account, product.config.settling).orderMargin;
      return {
        result: {
          leverage: ctx.state.leverageOf(account, product).toString(),
          order_margin: orderMargin.toString(),
          product_id: product.id,
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/v2/products/{product_id}/orders/leverage',
    access: 'trading',
    weight: 1,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      const product = ctx.state.productById(Number(ctx.params.product_id));
      const leverage = new Decimal(parseWith(leverageSchema, ctx.body).leverage);
      if (leverage.gt(product.config.maxLeverage))
        throw badSchema(`leverage above ${product.config.maxLeverage}`, 'leverage');
      const pos = account.positions.get(product.id);
      if (pos && pos.size !== 0) {
        const before = positionMargin(ctx.state, account, product, pos);
        const old = account.leverage.get(product.id);
        account.leverage.set(product.id, leverage);
        const after = positionMargin(ctx.state, account, product, pos);
        const available = walletSummary(ctx.state, account, product.config.settling).available;
        if (available.isNegative()) {
          if (old) account.leverage.set(product.id, old);
          else account.leverage.delete(product.id);
          throw new DeltaError(400, 'insufficient_margin', {
            available_balance: available.add(after).sub(before).toString(),
            required_additional_balance: available.neg().toString(),
          });
        }
      } else {
        account.leverage.set(product.id, leverage);
      }
      for (const listener of ctx.state.listeners) listener.onWallet?.(account, product.config.settling);
      const orderMargin = walletSummary(ctx.state, account, product.config.settling).orderMargin;
      return {
        result: {
          leverage: leverage.toString(),
          order_margin: orderMargin.toString(),
          product_id: product.id,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v2/profile',
    access: 'read',
    weight: 1,
    handler: (ctx) => {
      const account = requireAccount(ctx);
      return {
        result: {
          id: account.userId,
          user_id: account.userId,
          email: `${account.label}@sim.invalid`,
          account_name: account.label,
          first_name: account.label,
          last_name: '',
          nick_name: account.label,
          country: 'India',
          is_sub_account: false,
          margin_mode: 'isolated',
          created_at: account.createdAt,
        },
      };
    },
  },
];

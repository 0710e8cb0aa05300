import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@copytrade/contracts';
import type { CopyTrade, PositionSyncStatus, TradeHistory, TradeSyncStatus } from '@copytrade/db';
import type { Tx } from '../chain/append-event.ts';
import { type TableSpec, writeRows } from '../storage/row-writer.ts';

/** A row as held in memory: decimals may be strings (from events) or Decimals (from the database). */
type Loose<Row> = {
  [K in keyof Row]: Row[K] extends Date | string | number | boolean | null ? Row[K] : unknown;
};

export type CopyTradeRow = Loose<Omit<CopyTrade, 'createdAt'>>;
export type SyncRow = Loose<Omit<TradeSyncStatus, 'createdAt'>>;
export type HistoryRow = Loose<Omit<TradeHistory, 'createdAt'>>;
export type PositionRow = Loose<Omit<PositionSyncStatus, 'createdAt'>>;

const copyTrades: TableSpec<CopyTradeRow> = {
  table: 'copy_trades',
  conflict: ['clientOrderId'],
  insertOnly: ['id'],
  columns: {
    id: 'id',
    masterTradeId: 'master_trade_id',
    correlationId: 'correlation_id',
    masterAccountId: 'master_account_id',
    followerId: 'follower_id',
    clientOrderId: 'client_order_id',
    originalSymbol: 'original_symbol',
    originalSide: 'original_side',
    originalSize: 'original_size',
    originalPrice: 'original_price',
    copiedSide: 'copied_side',
    copiedSize: 'copied_size',
    copiedPrice: 'copied_price',
    action: 'action',
    status: 'status',
    latencyMs: 'latency_ms',
    entryTime: 'entry_time',
    exitTime: 'exit_time',
    updatedAt: 'updated_at',
  },
};

const syncStatuses: TableSpec<SyncRow> = {
  table: 'trade_sync_status',
  conflict: ['clientOrderId'],
  insertOnly: ['id'],
  columns: {
    id: 'id',
    masterBrokerId: 'master_broker_id',
    followerId: 'follower_id',
    masterTradeId: 'master_trade_id',
    followerTradeId: 'follower_trade_id',
    clientOrderId: 'client_order_id',
    syncStatus: 'sync_status',
    lastVerified: 'last_verified',
    errorMessage: 'error_message',
    retryCount: 'retry_count',
    updatedAt: 'updated_at',
  },
};

const tradeHistory: TableSpec<HistoryRow> = {
  table: 'trade_history',
  conflict: ['clientOrderId'],
  insertOnly: ['id'],
  columns: {
    id: 'id',
    userId: 'user_id',
    accountId: 'account_id',
    productSymbol: 'product_symbol',
    side: 'side',
    size: 'size',
    price: 'price',
    orderType: 'order_type',
    state: 'state',
    avgFillPrice: 'avg_fill_price',
    orderId: 'order_id',
    clientOrderId: 'client_order_id',
  },
};

const positionStatuses: TableSpec<PositionRow> = {
  table: 'position_sync_status',
  conflict: ['followId', 'symbol'],
  insertOnly: ['id'],
  columns: {
    id: 'id',
    followId: 'follow_id',
    masterAccountId: 'master_account_id',
    followerAccountId: 'follower_account_id',
    symbol: 'symbol',
    state: 'state',
    target: 'target',
    totalTarget: 'total_target',
    actual: 'actual',
    drift: 'drift',
    repairs: 'repairs',
    errorMessage: 'error_message',
    entryPrice: 'entry_price',
    realizedPnl: 'realized_pnl',
    unrealizedPnl: 'unrealized_pnl',
    lastVerified: 'last_verified',
    updatedAt: 'updated_at',
  },
};

/** Keeps the fields a change names; `undefined` means "leave it", as in a Prisma update. */
function assignDefined<Row>(row: Row, change: Partial<Row>): void {
  for (const [field, value] of Object.entries(change))
    if (value !== undefined) (row as Record<string, unknown>)[field] = value;
}

/** One table's rows touched by a batch, keyed by their unique key. */
class TableRows<Row extends { id: string }> {
  readonly rows = new Map<string, Row>();
  readonly touched = new Set<string>();

  private readonly now: Date;

  constructor(now: Date) {
    this.now = now;
  }

  get(key: string): Row | undefined {
    return this.rows.get(key);
  }

  /** Prisma's upsert, on the row in memory: create it from `create`, or apply `update` to it. */
  upsert(key: string, create: Omit<Row, 'id' | 'updatedAt'>, update: Partial<Row>): void {
    const row = this.rows.get(key);
    if (row) this.update(key, update);
    else this.create(key, create);
  }

  create(key: string, data: Omit<Row, 'id' | 'updatedAt'>): void {
    const row = { id: randomUUID(), updatedAt: this.now } as unknown as Row;
    assignDefined(row, data as Partial<Row>);
    this.rows.set(key, row);
    this.touched.add(key);
  }

  update(key: string, change: Partial<Row>): void {
    const row = this.rows.get(key);
    if (!row) throw new Error(`no row ${key} to update`);
    assignDefined(row, { ...change, updatedAt: this.now } as Partial<Row>);
    this.touched.add(key);
  }

  changed(): Row[] {
    return [...this.touched].map((key) => this.rows.get(key) as Row);
  }
}

export const positionKey = (followId: string, symbol: string) => `${followId}\u0000${symbol}`;

/**
 * The projection rows a batch of events touches, read once, changed in memory event by event in the
 * batch's order (two events of one batch may change the same row), and written back with one
 * statement per table. Only audit writes these tables, always under the append lock, so what is read
 * here cannot change before the write.
 */
export class ProjectionRows {
  readonly copyTrades: TableRows<CopyTradeRow>;
  readonly syncStatuses: TableRows<SyncRow>;
  readonly tradeHistory: TableRows<HistoryRow>;
  readonly positions: TableRows<PositionRow>;

  constructor(now = new Date()) {
    this.copyTrades = new TableRows(now);
    this.syncStatuses = new TableRows(now);
    this.tradeHistory = new TableRows(now);
    this.positions = new TableRows(now);
  }

  /** Reads the existing rows the events name. */
  async load(tx: Tx, events: readonly AuditEvent[]): Promise<void> {
    const orders = new Set<string>();
    const follows = new Set<string>();
    for (const event of events) {
      if (event.type === 'copy.decided' || event.type === 'copy.skipped')
        for (const leg of event.payload.legs ?? []) orders.add(leg.clientOrderId);
      else if (event.type === 'sync.status') follows.add(event.payload.followId);
      else if ('clientOrderId' in event.payload && typeof event.payload.clientOrderId === 'string')
        orders.add(event.payload.clientOrderId);
    }
    const clientOrderId = { in: [...orders] };
    // trade_history is not read: an order's row is written whole from its accepted event, the same
    // whether it exists or not (the upsert keeps an existing row's id).
    const [copies, syncs, positions] = await Promise.all([
      orders.size ? tx.copyTrade.findMany({ where: { clientOrderId } }) : [],
      orders.size ? tx.tradeSyncStatus.findMany({ where: { clientOrderId } }) : [],
      follows.size ? tx.positionSyncStatus.findMany({ where: { followId: { in: [...follows] } } }) : [],
    ]);
    for (const { createdAt: _, ...row } of copies) this.copyTrades.rows.set(row.clientOrderId, row);
    for (const { createdAt: _, ...row } of syncs) this.syncStatuses.rows.set(row.clientOrderId, row);
    for (const { createdAt: _, ...row } of positions)
      this.positions.rows.set(positionKey(row.followId, row.symbol), row);
  }

  /** Writes every changed row back. */
  async save(tx: Tx): Promise<void> {
    await writeRows(tx, copyTrades, this.copyTrades.changed());
    await writeRows(tx, syncStatuses, this.syncStatuses.changed());
    await writeRows(tx, tradeHistory, this.tradeHistory.changed());
    await writeRows(tx, positionStatuses, this.positions.changed());
  }
}

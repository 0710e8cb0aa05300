import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@copytrade/contracts';
import type { CopyTrade, PositionSyncStatus, TradeHistory, TradeSyncStatus } from '@copytrade/db';
import { type TableSpec, writeRows } from '../storage/row-writer.ts';
import { sqlArray } from '@copytrade/db/sql';
import type { SqlTx, Statement } from '../storage/sql-tx.ts';

/** A row as held in memory: decimals as strings (from events and from node-postgres alike). */
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
    id: { name: 'id', type: 'uuid' },
    masterTradeId: { name: 'master_trade_id', type: 'text' },
    correlationId: { name: 'correlation_id', type: 'text' },
    masterAccountId: { name: 'master_account_id', type: 'uuid' },
    followerId: { name: 'follower_id', type: 'uuid' },
    clientOrderId: { name: 'client_order_id', type: 'text' },
    originalSymbol: { name: 'original_symbol', type: 'text' },
    originalSide: { name: 'original_side', type: '"OrderSide"' },
    originalSize: { name: 'original_size', type: 'int' },
    originalPrice: { name: 'original_price', type: 'numeric' },
    copiedSide: { name: 'copied_side', type: '"OrderSide"' },
    copiedSize: { name: 'copied_size', type: 'int' },
    copiedPrice: { name: 'copied_price', type: 'numeric' },
    action: { name: 'action', type: 'text' },
    status: { name: 'status', type: 'text' },
    latencyMs: { name: 'latency_ms', type: 'int' },
    entryTime: { name: 'entry_time', type: 'timestamptz' },
    exitTime: { name: 'exit_time', type: 'timestamptz' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
};

const syncStatuses: TableSpec<SyncRow> = {
  table: 'trade_sync_status',
  conflict: ['clientOrderId'],
  insertOnly: ['id'],
  columns: {
    id: { name: 'id', type: 'uuid' },
    masterBrokerId: { name: 'master_broker_id', type: 'uuid' },
    followerId: { name: 'follower_id', type: 'uuid' },
    masterTradeId: { name: 'master_trade_id', type: 'text' },
    followerTradeId: { name: 'follower_trade_id', type: 'text' },
    clientOrderId: { name: 'client_order_id', type: 'text' },
    syncStatus: { name: 'sync_status', type: 'text' },
    lastVerified: { name: 'last_verified', type: 'timestamptz' },
    errorMessage: { name: 'error_message', type: 'text' },
    retryCount: { name: 'retry_count', type: 'int' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
};

const tradeHistory: TableSpec<HistoryRow> = {
  table: 'trade_history',
  conflict: ['clientOrderId'],
  insertOnly: ['id'],
  columns: {
    id: { name: 'id', type: 'uuid' },
    userId: { name: 'user_id', type: 'uuid' },
    accountId: { name: 'account_id', type: 'uuid' },
    productSymbol: { name: 'product_symbol', type: 'text' },
    side: { name: 'side', type: '"OrderSide"' },
    size: { name: 'size', type: 'int' },
    price: { name: 'price', type: 'numeric' },
    orderType: { name: 'order_type', type: 'text' },
    state: { name: 'state', type: 'text' },
    avgFillPrice: { name: 'avg_fill_price', type: 'numeric' },
    orderId: { name: 'order_id', type: 'text' },
    clientOrderId: { name: 'client_order_id', type: 'text' },
  },
};

const positionStatuses: TableSpec<PositionRow> = {
  table: 'position_sync_status',
  conflict: ['followId', 'symbol'],
  insertOnly: ['id'],
  columns: {
    id: { name: 'id', type: 'uuid' },
    followId: { name: 'follow_id', type: 'uuid' },
    masterAccountId: { name: 'master_account_id', type: 'uuid' },
    followerAccountId: { name: 'follower_account_id', type: 'uuid' },
    symbol: { name: 'symbol', type: 'text' },
    state: { name: 'state', type: 'text' },
    target: { name: 'target', type: 'int' },
    totalTarget: { name: 'total_target', type: 'int' },
    actual: { name: 'actual', type: 'int' },
    drift: { name: 'drift', type: 'int' },
    repairs: { name: 'repairs', type: 'int' },
    errorMessage: { name: 'error_message', type: 'text' },
    entryPrice: { name: 'entry_price', type: 'numeric' },
    realizedPnl: { name: 'realized_pnl', type: 'numeric' },
    unrealizedPnl: { name: 'unrealized_pnl', type: 'numeric' },
    lastVerified: { name: 'last_verified', type: 'timestamptz' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
};

/** Reads a table's rows, every spec field under its model name, by an array of keys. */
function readStatement<Row>(spec: TableSpec<Row>, keyColumn: string, keyType: string): Statement {
  const fields = Object.keys(spec.columns) as Array<keyof Row & string>;
  const list = fields.map((field) => `"${spec.columns[field].name}" AS "${field}"`).join(', ');
  return {
    name: `audit_read_${spec.table}`,
    text: `SELECT ${list} FROM "${spec.table}" WHERE "${keyColumn}" = ANY($1::${keyType}[])`,
  };
}

const readCopyTrades = readStatement(copyTrades, 'client_order_id', 'text');
const readSyncStatuses = readStatement(syncStatuses, 'client_order_id', 'text');
const readPositions = readStatement(positionStatuses, 'follow_id', 'uuid');

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
  async load(tx: SqlTx, events: readonly AuditEvent[]): Promise<void> {
    const orders = new Set<string>();
    const follows = new Set<string>();
    for (const event of events) {
      if (event.type === 'copy.decided' || event.type === 'copy.skipped')
        for (const leg of event.payload.legs ?? []) orders.add(leg.clientOrderId);
      else if (event.type === 'sync.status') follows.add(event.payload.followId);
      else if ('clientOrderId' in event.payload && typeof event.payload.clientOrderId === 'string')
        orders.add(event.payload.clientOrderId);
    }
    const orderIds = sqlArray([...orders]);
    // trade_history is not read: an order's row is written whole from its accepted event, the same
    // whether it exists or not (the upsert keeps an existing row's id).
    // One after the other: they share the transaction's connection.
    const copies = orders.size ? await tx.query<CopyTradeRow>(readCopyTrades, [orderIds]) : [];
    const syncs = orders.size ? await tx.query<SyncRow>(readSyncStatuses, [orderIds]) : [];
    const positions = follows.size
      ? await tx.query<PositionRow>(readPositions, [sqlArray([...follows])])
      : [];
    for (const row of copies) this.copyTrades.rows.set(row.clientOrderId, row);
    for (const row of syncs) this.syncStatuses.rows.set(row.clientOrderId, row);
    for (const row of positions) this.positions.rows.set(positionKey(row.followId, row.symbol), row);
  }

  /** Writes every changed row back. */
  async save(tx: SqlTx): Promise<void> {
    await writeRows(tx, copyTrades, this.copyTrades.changed());
    await writeRows(tx, syncStatuses, this.syncStatuses.changed());
    await writeRows(tx, tradeHistory, this.tradeHistory.changed());
    await writeRows(tx, positionStatuses, this.positions.changed());
  }
}

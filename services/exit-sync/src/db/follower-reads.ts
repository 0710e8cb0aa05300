import { type BrokerAccount, type Follow, Prisma, type SqlPool } from '@copytrade/db';

/** One follows row with its follower account's state. */
export interface FollowRecord {
  follow: Follow;
  follower: Pick<BrokerAccount, 'status' | 'pauseMode'>;
}

/** What a reconcile reads of its follower before it looks at the exchange. */
export interface FollowerSnapshot {
  /** Every follow of the account, ended ones too, oldest first. */
  follows: FollowRecord[];
  /** Symbols the platform ever ordered for the account (a book may hold a target where nothing is open). */
  tradedSymbols: string[];
}

/** The database reads on a reconcile's path: plain statements, one round trip each. */
export interface FollowerReads {
  snapshot(followerAccountId: string): Promise<FollowerSnapshot>;
  /** Whether an order intent of the follower on the symbol is unsettled and updated after `since`. */
  unsettledSince(followerAccountId: string, symbol: string, since: Date): Promise<boolean>;
}

// Follows and traded symbols in one statement: per reconcile these were three Prisma queries, each
// paying the query compiler and its own round trip (a reconcile runs every few seconds per follower).
const snapshotSql = `
  SELECT f."id", f."master_account_id", f."follower_account_id", f."mode"::text, f."reverse",
    f."multiplier"::text, f."lot_size", f."capital_allocated"::text, f."balance_percentage"::text,
    f."max_position", f."max_notional"::text, f."max_drawdown_pct"::text, f."daily_loss_limit"::text,
    f."symbol_allow_list", f."symbol_deny_list", f."slippage_limit_pct"::text, f."slippage_action"::text,
    f."drift_policy"::text, f."drift_tolerance", f."max_correction", f."status"::text,
    f."max_signal_age_ms", f."resting_order_ttl_ms", f."repair_reopen", f."risk_exit_flatten",
    f."unsubscribe_mode"::text, f."ended_at", f."created_at", f."updated_at",
    a."status"::text AS "account_status", a."pause_mode"::text AS "account_pause_mode",
    ARRAY(SELECT DISTINCT i."symbol" FROM "order_intents" i WHERE i."follower_account_id" = $1) AS "traded"
  FROM "follows" f JOIN "broker_accounts" a ON a."id" = f."follower_account_id"
  WHERE f."follower_account_id" = $1
  ORDER BY f."created_at" ASC, f."id" ASC`;

const unsettledSql = `
  SELECT EXISTS (SELECT 1 FROM "order_intents" WHERE "follower_account_id" = $1 AND "symbol" = $2
    AND "state" IN ('pending', 'sent', 'unknown') AND "updated_at" > $3) AS "found"`;

type Row = Record<string, unknown>;

const decimal = (value: unknown) => (value === null ? null : new Prisma.Decimal(value as string));

/** A row in the shape Prisma gives, so the settings are built by the one shared mapping. */
export function toFollowRecord(r: Row): FollowRecord {
  const follow = {
    id: r.id,
    masterAccountId: r.master_account_id,
    followerAccountId: r.follower_account_id,
    mode: r.mode,
    reverse: r.reverse,
    multiplier: decimal(r.multiplier),
    lotSize: r.lot_size,
    capitalAllocated: decimal(r.capital_allocated),
    balancePercentage: decimal(r.balance_percentage),
    maxPosition: r.max_position,
    maxNotional: decimal(r.max_notional),
    maxDrawdownPct: decimal(r.max_drawdown_pct),
    dailyLossLimit: decimal(r.daily_loss_limit),
    symbolAllowList: r.symbol_allow_list,
    symbolDenyList: r.symbol_deny_list,
    slippageLimitPct: decimal(r.slippage_limit_pct),
    slippageAction: r.slippage_action,
    driftPolicy: r.drift_policy,
    driftTolerance: r.drift_tolerance,
    maxCorrection: r.max_correction,
    status: r.status,
    maxSignalAgeMs: r.max_signal_age_ms,
    restingOrderTtlMs: r.resting_order_ttl_ms,
    repairReopen: r.repair_reopen,
    riskExitFlatten: r.risk_exit_flatten,
    unsubscribeMode: r.unsubscribe_mode,
    endedAt: r.ended_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  } as Follow;
  const follower = { status: r.account_status, pauseMode: r.account_pause_mode } as FollowRecord['follower'];
  return { follow, follower };
}

export function createFollowerReads(sql: SqlPool): FollowerReads {
  return {
    async snapshot(followerAccountId) {
      const { rows } = await sql.query<Row>({
        name: 'exit-sync-snapshot',
        text: snapshotSql,
        values: [followerAccountId],
      });
      return {
        follows: rows.map(toFollowRecord),
        tradedSymbols: rows.length === 0 ? [] : (rows[0]!.traded as string[]),
      };
    },
    async unsettledSince(followerAccountId, symbol, since) {
      const { rows } = await sql.query<{ found: boolean }>({
        name: 'exit-sync-unsettled',
        text: unsettledSql,
        values: [followerAccountId, symbol, since],
      });
      return rows[0]?.found === true;
    },
  };
}

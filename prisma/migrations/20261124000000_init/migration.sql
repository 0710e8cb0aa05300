-- CreateEnum
CREATE TYPE "AccountRole" AS ENUM ('master', 'follower');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('active', 'paused', 'disabled');

-- CreateEnum
CREATE TYPE "CopyMode" AS ENUM ('multiplier', 'fixed_lot', 'capital_allocation', 'balance_percentage');

-- CreateEnum
CREATE TYPE "FollowStatus" AS ENUM ('active', 'paused', 'stopped');

-- CreateEnum
CREATE TYPE "DriftPolicy" AS ENUM ('repair', 'alert', 'off');

-- CreateEnum
CREATE TYPE "SlippageAction" AS ENUM ('skip', 'limit');

-- CreateEnum
CREATE TYPE "OrderSide" AS ENUM ('buy', 'sell');

-- CreateEnum
CREATE TYPE "IntentState" AS ENUM ('pending', 'sent', 'accepted', 'rejected', 'unknown', 'resolved');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broker_accounts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "role" "AccountRole" NOT NULL,
    "exchange" TEXT NOT NULL DEFAULT 'delta',
    "base_url" TEXT NOT NULL,
    "ws_url" TEXT,
    "api_key" TEXT NOT NULL,
    "secret_envelope" TEXT NOT NULL,
    "status" "AccountStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "broker_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follows" (
    "id" UUID NOT NULL,
    "master_account_id" UUID NOT NULL,
    "follower_account_id" UUID NOT NULL,
    "mode" "CopyMode" NOT NULL,
    "reverse" BOOLEAN NOT NULL DEFAULT false,
    "multiplier" DECIMAL(36,18),
    "lot_size" INTEGER,
    "capital_allocated" DECIMAL(36,18),
    "balance_percentage" DECIMAL(9,4),
    "max_position" INTEGER,
    "max_notional" DECIMAL(36,18),
    "max_drawdown_pct" DECIMAL(9,4),
    "daily_loss_limit" DECIMAL(36,18),
    "symbol_allow_list" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "symbol_deny_list" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "slippage_limit_pct" DECIMAL(9,4),
    "slippage_action" "SlippageAction" NOT NULL DEFAULT 'skip',
    "drift_policy" "DriftPolicy" NOT NULL DEFAULT 'repair',
    "drift_tolerance" INTEGER NOT NULL DEFAULT 0,
    "max_correction" INTEGER NOT NULL DEFAULT 100,
    "status" "FollowStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "follows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "master_fills" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "fill_id" TEXT NOT NULL,
    "product_id" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "size" INTEGER NOT NULL,
    "price" DECIMAL(36,18) NOT NULL,
    "position_after" INTEGER NOT NULL,
    "sequence" BIGINT NOT NULL,
    "fill_type" TEXT NOT NULL,
    "order_id" TEXT,
    "source" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "master_fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listener_cursors" (
    "account_id" UUID NOT NULL,
    "last_fill_time_us" BIGINT NOT NULL,
    "last_fill_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "listener_cursors_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "order_intents" (
    "id" UUID NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "follower_account_id" UUID NOT NULL,
    "master_account_id" UUID,
    "symbol" TEXT NOT NULL,
    "product_id" INTEGER NOT NULL,
    "side" "OrderSide" NOT NULL,
    "size" INTEGER NOT NULL,
    "reduce_only" BOOLEAN NOT NULL,
    "order_type" TEXT NOT NULL,
    "limit_price" DECIMAL(36,18),
    "leg" TEXT NOT NULL,
    "state" "IntentState" NOT NULL DEFAULT 'pending',
    "exchange_order_id" TEXT,
    "filled_size" INTEGER NOT NULL DEFAULT 0,
    "avg_fill_price" DECIMAL(36,18),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_intents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "copy_trades" (
    "id" UUID NOT NULL,
    "master_trade_id" TEXT NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "master_account_id" UUID NOT NULL,
    "follower_id" UUID NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "original_symbol" TEXT NOT NULL,
    "original_side" "OrderSide" NOT NULL,
    "original_size" INTEGER NOT NULL,
    "original_price" DECIMAL(36,18) NOT NULL,
    "copied_side" "OrderSide" NOT NULL,
    "copied_size" INTEGER NOT NULL,
    "copied_price" DECIMAL(36,18),
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "latency_ms" INTEGER,
    "entry_time" TIMESTAMPTZ(3),
    "exit_time" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "copy_trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trade_sync_status" (
    "id" UUID NOT NULL,
    "master_broker_id" UUID NOT NULL,
    "follower_id" UUID NOT NULL,
    "master_trade_id" TEXT NOT NULL,
    "follower_trade_id" TEXT,
    "client_order_id" TEXT NOT NULL,
    "sync_status" TEXT NOT NULL,
    "last_verified" TIMESTAMPTZ(3),
    "error_message" TEXT,
    "retry_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trade_sync_status_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trade_history" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "product_symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "size" INTEGER NOT NULL,
    "price" DECIMAL(36,18),
    "order_type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "avg_fill_price" DECIMAL(36,18),
    "order_id" TEXT,
    "client_order_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trade_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "seq" BIGSERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "correlation_id" TEXT,
    "account_id" TEXT,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "payload" JSONB NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "broker_accounts_role_status_idx" ON "broker_accounts"("role", "status");

-- CreateIndex
CREATE INDEX "follows_follower_account_id_idx" ON "follows"("follower_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "follows_master_account_id_follower_account_id_key" ON "follows"("master_account_id", "follower_account_id");

-- CreateIndex
CREATE INDEX "master_fills_account_id_occurred_at_idx" ON "master_fills"("account_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "master_fills_account_id_fill_id_key" ON "master_fills"("account_id", "fill_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_intents_client_order_id_key" ON "order_intents"("client_order_id");

-- CreateIndex
CREATE INDEX "order_intents_follower_account_id_symbol_state_idx" ON "order_intents"("follower_account_id", "symbol", "state");

-- CreateIndex
CREATE INDEX "order_intents_state_updated_at_idx" ON "order_intents"("state", "updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "copy_trades_client_order_id_key" ON "copy_trades"("client_order_id");

-- CreateIndex
CREATE INDEX "copy_trades_follower_id_created_at_idx" ON "copy_trades"("follower_id", "created_at");

-- CreateIndex
CREATE INDEX "copy_trades_correlation_id_idx" ON "copy_trades"("correlation_id");

-- CreateIndex
CREATE UNIQUE INDEX "trade_sync_status_client_order_id_key" ON "trade_sync_status"("client_order_id");

-- CreateIndex
CREATE INDEX "trade_sync_status_follower_id_sync_status_idx" ON "trade_sync_status"("follower_id", "sync_status");

-- CreateIndex
CREATE UNIQUE INDEX "trade_history_client_order_id_key" ON "trade_history"("client_order_id");

-- CreateIndex
CREATE INDEX "trade_history_account_id_created_at_idx" ON "trade_history"("account_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_event_id_key" ON "audit_log"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_hash_key" ON "audit_log"("hash");

-- CreateIndex
CREATE INDEX "audit_log_correlation_id_idx" ON "audit_log"("correlation_id");

-- CreateIndex
CREATE INDEX "audit_log_type_occurred_at_idx" ON "audit_log"("type", "occurred_at");

-- AddForeignKey
ALTER TABLE "broker_accounts" ADD CONSTRAINT "broker_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_master_account_id_fkey" FOREIGN KEY ("master_account_id") REFERENCES "broker_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_follower_account_id_fkey" FOREIGN KEY ("follower_account_id") REFERENCES "broker_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "master_fills" ADD CONSTRAINT "master_fills_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "broker_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listener_cursors" ADD CONSTRAINT "listener_cursors_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "broker_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

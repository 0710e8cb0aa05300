-- Exit sync: how a follow ends, what drift repair may do, what a risk exit does.
CREATE TYPE "UnsubscribeMode" AS ENUM ('close_immediately', 'close_gracefully', 'preserve');
ALTER TABLE "follows" ADD COLUMN "repair_reopen" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "follows" ADD COLUMN "risk_exit_flatten" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "follows" ADD COLUMN "unsubscribe_mode" "UnsubscribeMode";
ALTER TABLE "follows" ADD COLUMN "ended_at" TIMESTAMPTZ(3);

-- Whether a follower's position is in step with its target, per (follow, symbol): written by the
-- audit service from exit-sync's sync.status events.
CREATE TABLE "position_sync_status" (
    "id" UUID NOT NULL,
    "follow_id" UUID NOT NULL,
    "master_account_id" UUID NOT NULL,
    "follower_account_id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "total_target" INTEGER NOT NULL,
    "actual" INTEGER NOT NULL,
    "drift" INTEGER NOT NULL,
    "repairs" INTEGER NOT NULL DEFAULT 0,
    "error_message" TEXT,
    "last_verified" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "position_sync_status_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "position_sync_status_follow_id_symbol_key" ON "position_sync_status"("follow_id", "symbol");
CREATE INDEX "position_sync_status_follower_account_id_state_idx" ON "position_sync_status"("follower_account_id", "state");

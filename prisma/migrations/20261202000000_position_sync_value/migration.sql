-- Exit-sync's view of what a follower's position is worth: the exchange's entry price and PnL.
ALTER TABLE "position_sync_status" ADD COLUMN "entry_price" DECIMAL(36,18);
ALTER TABLE "position_sync_status" ADD COLUMN "realized_pnl" DECIMAL(36,18);
ALTER TABLE "position_sync_status" ADD COLUMN "unrealized_pnl" DECIMAL(36,18);

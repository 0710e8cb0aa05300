-- Follow states as copiers offer them: a paused follow keeps copying reductions and exits
-- (close_only) instead of being dropped from the fan-out; frozen copies nothing and leaves the
-- position to its owner.
ALTER TYPE "FollowStatus" RENAME VALUE 'paused' TO 'close_only';
ALTER TYPE "FollowStatus" ADD VALUE 'frozen' BEFORE 'stopped';

-- What a paused broker account means for its follows.
CREATE TYPE "PauseMode" AS ENUM ('close_only', 'frozen');
ALTER TABLE "broker_accounts" ADD COLUMN "pause_mode" "PauseMode" NOT NULL DEFAULT 'close_only';

-- Opening legs older than this are not sent; a resting limit copy is cancelled after its time limit.
ALTER TABLE "follows" ADD COLUMN "max_signal_age_ms" INTEGER NOT NULL DEFAULT 30000;
ALTER TABLE "follows" ADD COLUMN "resting_order_ttl_ms" INTEGER NOT NULL DEFAULT 10000;

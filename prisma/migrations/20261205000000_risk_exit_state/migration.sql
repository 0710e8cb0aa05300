-- A risk exit kept with its follow. Exit-sync writes it in the statement that makes the follow
-- close-only, and `risk_exit_pending` stays true until the exit's audit event is queued and its
-- flatten requested: an exit-sync that dies in between (or whose audit queue refuses the event)
-- finishes both on a later cycle, where before the close-only follow was never looked at again. The
-- event's id comes from `risk_exit_at`, so an event queued twice is recorded once.
ALTER TABLE "follows" ADD COLUMN "risk_exit_at" TIMESTAMPTZ(3);
ALTER TABLE "follows" ADD COLUMN "risk_exit_reason" TEXT;
ALTER TABLE "follows" ADD COLUMN "risk_exit_detail" TEXT;
ALTER TABLE "follows" ADD COLUMN "risk_exit_pending" BOOLEAN NOT NULL DEFAULT false;

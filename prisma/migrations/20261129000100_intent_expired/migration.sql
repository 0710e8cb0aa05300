-- An opening leg older than its follow's max signal age is recorded as expired, never sent.
ALTER TYPE "IntentState" ADD VALUE 'expired';

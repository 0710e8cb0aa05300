/**
 * The transaction-scoped advisory lock every writer of `audit_log` holds from reading the chain's head
 * to its commit: appends form one chain with a gapless seq, and a reader by seq never sees a higher seq
 * commit before a lower one. It belongs with the table, so any writer (the audit service, a spec
 * seeding rows) takes the same one.
 */
export const AUDIT_APPEND_LOCK_KEY = 7_402_118_861;

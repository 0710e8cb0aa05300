// Read-only record routes: each list takes filters, `limit` and an opaque `cursor`.
export {
  bigintId,
  encodeSeqCursor,
  encodeTimeIdCursor,
  nextCursor,
  pageLimit,
  queryTime,
  recordStatus,
  seqCursor,
  timeIdCursor,
  type SeqKey,
  type TimeIdKey,
} from './pagination.ts';
export {
  masterFill,
  masterFillDetail,
  masterFillList,
  masterFillListQuery,
  masterFillParams,
  type MasterFill,
  type MasterFillListQuery,
} from './master-fills.ts';
export {
  copyTrade,
  copyTradeAudit,
  copyTradeList,
  copyTradeListQuery,
  copyTradeParams,
  type CopyTrade,
  type CopyTradeListQuery,
} from './copy-trades.ts';
export {
  positionSync,
  syncStatusPage,
  syncStatusQuery,
  tradeSync,
  tradeSyncPage,
  tradeSyncQuery,
  type PositionSync,
  type SyncStatusQuery,
  type TradeSync,
  type TradeSyncQuery,
} from './sync-status.ts';
export {
  tradeHistoryEntry,
  tradeHistoryPage,
  tradeHistoryQuery,
  type TradeHistoryEntry,
  type TradeHistoryQuery,
} from './trade-history.ts';
export { auditEntry, auditLogPage, auditLogQuery, type AuditEntry, type AuditLogQuery } from './audit-log.ts';

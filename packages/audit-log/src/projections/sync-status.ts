/** `trade_sync_status.sync_status` values. */
export type SyncStatus = 'pending' | 'submitted' | 'unknown' | 'synced' | 'failed';

const outcomes: ReadonlySet<string> = new Set<SyncStatus>(['synced', 'failed']);

/**
 * Events can lag or arrive out of order: a late `order.submitted` or `order.unknown` must not undo an
 * outcome already recorded, and the first outcome of an order is its only one.
 */
export function nextSyncStatus(current: string | undefined, incoming: SyncStatus): string {
  if (current !== undefined && outcomes.has(current)) return current;
  return incoming;
}

/** The order's copy_trades status from the exchange's order state: `closed` means fully filled. */
export function acceptedCopyStatus(state: string): 'filled' | 'accepted' {
  return state === 'closed' ? 'filled' : 'accepted';
}

/** Legs that open or grow a position set the entry time; legs that shrink or close it the exit time. */
export function legTimeColumn(leg: string): 'entryTime' | 'exitTime' | null {
  if (leg === 'open' || leg === 'increase') return 'entryTime';
  if (leg === 'reduce' || leg === 'close') return 'exitTime';
  return null;
}

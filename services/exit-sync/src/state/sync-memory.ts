import type { ReconcileDeps } from '../handlers/reconcile-deps.ts';

/** What exit-sync remembers of one follower position between cycles (its own Redis hash). */
export interface SyncMemory {
  /** Corrections sent since the position was last in sync. */
  repairs: number;
  /** Until when a drift that survived its repairs is left alone (epoch ms; 0 when none). */
  backoffUntil: number;
  /** Per follow: the last reported `state|drift|target|total|actual` and when. */
  reported: Map<string, { key: string; at: number }>;
}

/** What exit-sync remembers from its Redis hash (absent fields are zero). */
export function parseMemory(h: Record<string, string>): SyncMemory {
  const reported = new Map<string, { key: string; at: number }>();
  for (const [field, value] of Object.entries(h)) {
    if (!field.startsWith('r:')) continue;
    const cut = value.lastIndexOf('@');
    reported.set(field.slice(2), { key: value.slice(0, cut), at: Number(value.slice(cut + 1)) });
  }
  return { repairs: Number(h.repairs ?? 0), backoffUntil: Number(h.backoffUntil ?? 0), reported };
}

export async function writeMemory(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
  memory: Pick<SyncMemory, 'repairs' | 'backoffUntil'>,
): Promise<void> {
  await deps.redis.hset(deps.keys.syncState(followerAccountId, symbol), {
    repairs: memory.repairs,
    backoffUntil: memory.backoffUntil,
  });
}

/** Remembers what was reported for each follow, and when, in one write. */
export async function markReported(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
  reported: readonly { followId: string; key: string }[],
  at: number,
): Promise<void> {
  const fields: Record<string, string> = {};
  for (const r of reported) fields[`r:${r.followId}`] = `${r.key}@${at}`;
  await deps.redis.hset(deps.keys.syncState(followerAccountId, symbol), fields);
}

import { bookFields } from '@copytrade/contracts';
import type { PositionValue } from '../exchange/positions.ts';
import { type FollowDriftSettings, syncDecision } from '@copytrade/copy-engine';
import { readHeld } from '../state/held-reads.ts';
import { type SyncMemory, writeMemory } from '../state/sync-memory.ts';
import { inFlight } from './in-flight.ts';
import { kickStuckOutbox } from './kick-stuck-outbox.ts';
import type { FollowView } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { type PositionStatus, reportStatus } from './report-status.ts';
import { requestResync } from './request-resync.ts';
import { sendCorrection } from './send-correction.ts';
import { holdSymbol } from '../state/symbol-lock.ts';

/** One follower position on one symbol, with everything the exchange said about it this cycle. */
export interface SymbolView {
  followerAccountId: string;
  symbol: string;
  productId: number;
  /** The follower's position on the exchange now, its value, and whether one of our orders rests open there. */
  position(): Promise<{ actual: number; resting: boolean; value: PositionValue }>;
  /**
   * Each follow's master position on the exchange (by follow id), from a read its master's followers
   * share: it may predate the book, so it only tells where to look.
   */
  masterPositions: Map<string, number>;
  /** The follow's master position from a read sent at or after `since` (monotonic ms): what a resync acts on. */
  masterPositionSince(follow: FollowView, since: number): Promise<number>;
  /** Follows to take out of their positions now (a risk exit that flattens). */
  flatten: ReadonlySet<string>;
  /** The market price, for resync decisions. */
  price(): Promise<string>;
  /** The release of the symbol's drain lock when the caller took it before `position` was read. */
  held?: () => Promise<void>;
}

const num = (value: string | undefined, fallback = 0) => (value === undefined ? fallback : Number(value));

/** Follows whose share is still in the book and exit-sync's to watch: a stopped one's is its owner's. */
export const watched = (f: FollowView) => f.status !== 'stopped';

/**
 * Reconciles one follower position (ARCHITECTURE invariant 4). First the targets: a follow decided on
 * a master position the exchange no longer shows (a missed fill or exit, a liquidation, lost state)
 * is decided again by the mapper on the actual one; an ended follow is taken out. Then, with nothing
 * in flight, the position: a drift from the total target is repaired, alerted or recorded as the
 * follows' policies say.
 */
export async function reconcileSymbol(
  deps: ReconcileDeps,
  follows: FollowView[],
  v: SymbolView,
): Promise<void> {
  const mine = follows.filter(watched);
  if (mine.length === 0) return v.held?.();
  // Under the drain lock no order for this position is sent: the position read and the book agree.
  const release = v.held ?? (await holdSymbol(deps, v.followerAccountId, v.symbol));
  if (release === null) return; // an order is being sent: next cycle
  let report: StatusReport | undefined;
  try {
    report = await reconcileHeld(deps, mine, v);
  } finally {
    await release();
  }
  // Reported outside the lock and not waited for: status events linger to share an audit job, and a
  // report that fails is not marked, so the next check reports it again.
  if (report !== undefined)
    reportStatus(deps, mine, report.memory, report.status).catch((err: unknown) =>
      deps.logger.warn(
        { err, followerAccountId: v.followerAccountId, symbol: v.symbol },
        'sync status not reported',
      ),
    );
}

interface StatusReport {
  memory: SyncMemory;
  status: PositionStatus;
}

async function reconcileHeld(
  deps: ReconcileDeps,
  mine: FollowView[],
  v: SymbolView,
): Promise<StatusReport | undefined> {
  const bookKey = deps.keys.followerBook(v.followerAccountId, v.symbol);
  const { actual, resting, value } = await v.position();
  const held = await readHeld(deps, v.followerAccountId, v.symbol);
  let book = held.book;
  let bookReadAt = performance.now();
  let rebuilt = false;
  if (book.total === undefined) {
    const anyMaster = mine.some((f) => (v.masterPositions.get(f.followId) ?? 0) !== 0);
    if (actual === 0 && !anyMaster) return;
    // Lost state (Redis without its data): what the exchange holds is the starting point.
    rebuilt = await deps.scripts.initBook(bookKey, actual, mine[0]!.followId);
    book = await deps.redis.hgetall(bookKey);
    bookReadAt = performance.now();
  }
  const targets = new Map(mine.map((f) => [f.followId, num(book[bookFields.target(f.followId)])]));
  const { memory } = held;
  const stored = { repairs: memory.repairs, backoffUntil: memory.backoffUntil };
  const status = (
    state: 'in_sync' | 'drifting' | 'repairing' | 'failed' | 'frozen',
    message: string | null,
  ): StatusReport => ({
    memory,
    status: {
      followerAccountId: v.followerAccountId,
      symbol: v.symbol,
      state,
      total: num(book.total),
      actual,
      repairs: memory.repairs,
      message,
      targets,
      value,
    },
  });

  // Legs nobody drains (the lock was free) that waited past the in-flight window lost their kick.
  if (held.queued > 0) await kickStuckOutbox(deps, v.followerAccountId, v.symbol);
  const busy = resting || (await inFlight(deps, v.followerAccountId, v.symbol, held.queued));
  // With nothing in flight, a position that differs from the total is where the legs must start.
  const rebase =
    !busy && num(book.total) !== actual ? { rebaseTo: actual, rebaseFromTotal: num(book.total) } : undefined;
  if (await resyncTargets(deps, mine, v, book, { rebuilt, rebase, bookReadAt }))
    return status('repairing', 'deciding again on the master’s position');
  if (busy) return status('repairing', 'an order is in flight');

  const now = deps.now();
  if (memory.backoffUntil > now) return status('failed', 'drift survived its repairs; backing off');
  if (memory.backoffUntil !== 0) memory.repairs = 0;
  const settings: FollowDriftSettings[] = mine.map((f) => ({
    driftPolicy: f.settings.driftPolicy,
    driftTolerance: f.settings.driftTolerance,
    maxCorrection: f.settings.maxCorrection,
    repairReopen: f.repairReopen,
    frozen: f.status === 'frozen',
  }));
  const decision = syncDecision({
    actual,
    total: num(book.total),
    follows: settings,
    repairs: memory.repairs,
    maxRepairs: deps.settings.maxRepairs,
  });
  switch (decision.action) {
    case 'none':
      // Written only when it changes: most checks find a position in sync that already was.
      if (decision.state === 'in_sync' && (stored.repairs !== 0 || stored.backoffUntil !== 0))
        await writeMemory(deps, v.followerAccountId, v.symbol, { repairs: 0, backoffUntil: 0 });
      return status(decision.state, null);
    case 'record':
      return status('drifting', null);
    case 'alert':
      if (decision.state === 'failed')
        await writeMemory(deps, v.followerAccountId, v.symbol, {
          repairs: memory.repairs,
          backoffUntil: now + deps.settings.repairBackoffMs,
        });
      return status(decision.state, decision.reason);
    case 'correct': {
      const queued = await sendCorrection(deps, {
        followerAccountId: v.followerAccountId,
        symbol: v.symbol,
        productId: v.productId,
        actual,
        drift: decision.drift,
        capped: decision.capped,
        legs: decision.legs,
      });
      if (queued) memory.repairs += 1;
      await writeMemory(deps, v.followerAccountId, v.symbol, { repairs: memory.repairs, backoffUntil: 0 });
      return status('repairing', decision.capped ? 'correction capped' : null);
    }
  }
}

/** Resyncs requested for follows whose target no longer matches their master; true when any was. */
async function resyncTargets(
  deps: ReconcileDeps,
  follows: FollowView[],
  v: SymbolView,
  book: Record<string, string>,
  opts: {
    rebuilt: boolean;
    rebase: { rebaseTo: number; rebaseFromTotal: number } | undefined;
    /** When the book was read: a resync rests on a master position read after it. */
    bookReadAt: number;
  },
): Promise<boolean> {
  const { rebuilt } = opts;
  let requested = false;
  // Only the first resync rebases: after it the total is the exchange's position plus its legs.
  const rebase = () => (requested || opts.rebase === undefined ? {} : opts.rebase);
  for (const f of follows) {
    const seq = num(book[bookFields.seq(f.followId)]);
    const target = num(book[bookFields.target(f.followId)]);
    const decided = book[bookFields.master(f.followId)];
    const decidedOn = decided === undefined ? null : Number(decided);
    const masterPosition = v.masterPositions.get(f.followId) ?? 0;
    const base = { follow: f, symbol: v.symbol, productId: v.productId, masterPosition, decidedOn, seq };
    if (f.ended && f.unsubscribeMode === 'preserve') continue;
    if (v.flatten.has(f.followId) || (f.ended && f.unsubscribeMode === 'close_immediately')) {
      if (target === 0) continue;
      await requestResync(deps, { ...base, kind: 'exit', price: await v.price(), ...rebase() });
      requested = true;
      continue;
    }
    if (f.status === 'frozen') continue;
    // A follow never decided holds nothing and waits for its master's next fill, unless its state was lost.
    const stale = (on: number) => rebuilt || (decidedOn === null ? target !== 0 : decidedOn !== on);
    if (!stale(masterPosition)) continue;
    // Fills of this master still on their way to the mapper will decide it: leave it to them.
    const tracked = await deps.redis.hget(deps.keys.masterPosition(f.masterAccountId, v.symbol), 'seq');
    if (!rebuilt && num(tracked ?? undefined) > seq) continue;
    // The shared read may predate the fill the book was decided on: act only on one sent after the book was read.
    const confirmed = await v.masterPositionSince(f, opts.bookReadAt);
    if (!stale(confirmed)) continue;
    await requestResync(deps, {
      ...base,
      masterPosition: confirmed,
      kind: 'position',
      price: await v.price(),
      ...rebase(),
    });
    requested = true;
  }
  return requested;
}

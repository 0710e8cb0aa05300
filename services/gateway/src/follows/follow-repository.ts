import type { api } from '@copytrade/contracts';
import { type Db, Prisma } from '@copytrade/db';
import type { UnrecordedRiskExit } from '../changes/change-notifier.ts';
import { conflict } from '../errors/http-error.ts';
import { pageArgs, toPage } from '../paging/keyset.ts';

const dec = (value: Prisma.Decimal | null): string | null => (value === null ? null : value.toFixed());

/** What every follow is read with: both accounts' labels, and the follower's owner (who may see it). */
const accounts = {
  master: { select: { label: true } },
  follower: { select: { label: true, userId: true } },
} as const;
export type FollowRow = Prisma.FollowGetPayload<{ include: typeof accounts }>;

/** A follows row as the API shows it: decimals as strings, absent settings as null. */
export function toApiFollow(row: FollowRow): api.Follow {
  return {
    id: row.id,
    masterAccountId: row.masterAccountId,
    masterLabel: row.master.label,
    followerAccountId: row.followerAccountId,
    followerLabel: row.follower.label,
    mode: row.mode,
    reverse: row.reverse,
    multiplier: dec(row.multiplier),
    lotSize: row.lotSize,
    capitalAllocated: dec(row.capitalAllocated),
    balancePercentage: dec(row.balancePercentage),
    maxPosition: row.maxPosition,
    maxNotional: dec(row.maxNotional),
    maxDrawdownPct: dec(row.maxDrawdownPct),
    dailyLossLimit: dec(row.dailyLossLimit),
    symbolAllowList: row.symbolAllowList,
    symbolDenyList: row.symbolDenyList,
    slippageLimitPct: dec(row.slippageLimitPct),
    slippageAction: row.slippageAction,
    driftPolicy: row.driftPolicy,
    driftTolerance: row.driftTolerance,
    maxCorrection: row.maxCorrection,
    maxSignalAgeMs: row.maxSignalAgeMs,
    restingOrderTtlMs: row.restingOrderTtlMs,
    repairReopen: row.repairReopen,
    riskExitFlatten: row.riskExitFlatten,
    status: row.status,
    riskExit:
      row.riskExitAt === null || row.riskExitReason === null || row.riskExitDetail === null
        ? null
        : { at: row.riskExitAt.toISOString(), reason: row.riskExitReason, detail: row.riskExitDetail },
    unsubscribeMode: row.unsubscribeMode,
    endedAt: row.endedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function createFollow(db: Db, input: api.CreateFollowBody): Promise<FollowRow> {
  try {
    return await db.follow.create({ data: input, include: accounts });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw conflict('a follow between these accounts already exists');
    throw error;
  }
}

export function findFollow(db: Db, id: string): Promise<FollowRow | null> {
  return db.follow.findUnique({ where: { id }, include: accounts });
}

export async function listFollows(
  db: Db,
  query: {
    /** Only follows whose follower account belongs to this user. */
    ownerId?: string | undefined;
    masterAccountId?: string | undefined;
    followerAccountId?: string | undefined;
    status?: api.Follow['status'] | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: FollowRow[]; nextCursor: string | null }> {
  const page = pageArgs(query);
  const where: Prisma.FollowWhereInput = {
    ...page.where,
    ...(query.ownerId === undefined ? {} : { follower: { userId: query.ownerId } }),
    ...(query.masterAccountId === undefined ? {} : { masterAccountId: query.masterAccountId }),
    ...(query.followerAccountId === undefined ? {} : { followerAccountId: query.followerAccountId }),
    ...(query.status === undefined ? {} : { status: query.status }),
  };
  const rows = await db.follow.findMany({ where, orderBy: page.orderBy, take: page.take, include: accounts });
  return toPage(rows, query.limit);
}

/** The risk exit exit-sync made and has not recorded yet, if any. */
export function unrecordedRiskExit(row: FollowRow): UnrecordedRiskExit | null {
  const { riskExitAt: at, riskExitReason: reason, riskExitDetail: detail } = row;
  if (!row.riskExitPending || at === null || reason === null || detail === null) return null;
  return {
    followId: row.id,
    followerAccountId: row.followerAccountId,
    at,
    reason,
    detail,
    flatten: row.riskExitFlatten,
  };
}

const noRiskExit = { riskExitAt: null, riskExitReason: null, riskExitDetail: null, riskExitPending: false };

export function updateFollow(db: Db, id: string, changes: api.FollowSettingsInput): Promise<FollowRow> {
  // A state set through the API replaces a risk exit's: the follow no longer shows it as the reason,
  // and one exit-sync has not finished is not flattened (or recorded) later.
  const data = changes.status === undefined ? changes : { ...changes, ...noRiskExit };
  return db.follow.update({ where: { id }, data, include: accounts });
}

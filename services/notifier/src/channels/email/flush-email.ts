import { randomUUID } from 'node:crypto';
import type { NotificationKind } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { NotifierAudit } from '../../audit/notifier-audit.ts';
import type { NotifierMetrics } from '../../metrics/notifier-metrics.ts';
import { AttemptFailed } from '../attempt-failed.ts';
import type { EmailJobs } from './email-jobs.ts';
import type { EmailTransport } from './email-transport.ts';
import { renderEmail } from './render-email.ts';

export interface EmailDeps {
  db: Db;
  audit: NotifierAudit;
  metrics: NotifierMetrics;
  transport: EmailTransport;
  jobs: EmailJobs;
  /** After an email goes, the user's next events wait this long and go together as one digest. */
  windowMs: number;
  /** Attempts per email before it is given up (`failed`). */
  maxAttempts: number;
  /** The wait before the n-th retry (the queue's backoff uses the same). */
  retryDelayMs(attempt: number): number;
  /** How long a sender holds an email it is sending (longer than an SMTP attempt can take). */
  claimMs: number;
  /** Most events one email carries; more go in the next one. */
  maxPerEmail: number;
  now?: () => Date;
}

export type FlushOutcome = 'sent' | 'nothing' | 'waiting';

const closingSlackMs = 1_000;

/**
 * Sends what is pending for one user. First any email already made and not yet accepted (an
 * earlier attempt failed, or a notifier stopped mid-way); then, when the user's throttle window has
 * closed, everything pending goes as one email (a single event, or a digest) and a new window
 * opens; inside an open window, a job waits for its end (one per window: its id names it).
 * Throws `AttemptFailed` when the SMTP server refused or was unreachable (the queue retries).
 */
export async function flushEmail(deps: EmailDeps, userId: string): Promise<FlushOutcome> {
  const open = await deps.db.emailBatch.findMany({
    where: { userId, status: 'pending' },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  let sent = false;
  for (const batch of open) sent = (await sendBatch(deps, batch.id)) || sent;

  const next = await makeBatch(deps, userId);
  if (next.kind === 'wait') {
    await deps.jobs.flushAt(userId, next.closesAt);
    return sent ? 'sent' : 'waiting';
  }
  if (next.kind === 'batch') sent = (await sendBatch(deps, next.batchId)) || sent;
  return sent ? 'sent' : 'nothing';
}

type MadeBatch = { kind: 'none' } | { kind: 'wait'; closesAt: Date } | { kind: 'batch'; batchId: string };

/** Under the user's window row lock: the pending deliveries become one email, or wait for the window. */
async function makeBatch(deps: EmailDeps, userId: string): Promise<MadeBatch> {
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO email_windows (user_id, closes_at) VALUES (${userId}::uuid, to_timestamp(0))
      ON CONFLICT (user_id) DO NOTHING`;
    const [window] = await tx.$queryRaw<{ closes_at: Date }[]>`
      SELECT closes_at FROM email_windows WHERE user_id = ${userId}::uuid FOR UPDATE`;
    const pending = await tx.emailDelivery.findMany({
      where: { userId, status: 'pending', batchId: null },
      select: { id: true },
      orderBy: { eventSeq: 'asc' },
      take: deps.maxPerEmail,
    });
    if (pending.length === 0) return { kind: 'none' } as const;
    const now = deps.now?.() ?? new Date();
    // Within a second of its end a window counts as closed: the job for its end may run a little
    // early by another replica's clock, and would otherwise only re-add itself (same id: ignored).
    if (window && window.closes_at.getTime() - closingSlackMs > now.getTime())
      return { kind: 'wait', closesAt: window.closes_at } as const;
    const batchId = randomUUID();
    await tx.emailBatch.create({ data: { id: batchId, userId } });
    await tx.emailDelivery.updateMany({
      where: { id: { in: pending.map((row) => row.id) } },
      data: { batchId },
    });
    await tx.emailWindow.update({
      where: { userId },
      data: { closesAt: new Date(now.getTime() + deps.windowMs) },
    });
    return { kind: 'batch', batchId } as const;
  });
}

/**
 * One attempt at one email, if no other sender holds it. Returns whether it was sent; throws
 * `AttemptFailed` when the server did not take it and a retry will follow.
 */
async function sendBatch(deps: EmailDeps, batchId: string): Promise<boolean> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const claimed = await db.emailBatch.updateManyAndReturn({
    where: { id: batchId, status: 'pending', OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    data: { claimedUntil: new Date(now.getTime() + deps.claimMs), attempts: { increment: 1 } },
  });
  const batch = claimed[0];
  if (!batch) return false;
  const deliveries = await db.emailDelivery.findMany({
    where: { batchId },
    orderBy: { eventSeq: 'asc' },
    select: { eventId: true, kind: true },
  });
  const eventIds = deliveries.map((delivery) => delivery.eventId);
  const user = await db.user.findUniqueOrThrow({
    where: { id: batch.userId },
    select: { email: true, disabledAt: true },
  });
  if (user.disabledAt !== null) {
    await settle(db, batchId, 'skipped', 'user disabled');
    return false;
  }
  const events = await db.auditLog.findMany({ where: { eventId: { in: eventIds } } });
  const byId = new Map(events.map((event) => [event.eventId, event]));
  const email = renderEmail(
    deliveries.flatMap((delivery) => {
      const event = byId.get(delivery.eventId);
      return event
        ? [
            {
              kind: delivery.kind as NotificationKind,
              eventId: event.eventId,
              occurredAt: event.occurredAt,
              payload: event.payload as Record<string, unknown>,
            },
          ]
        : [];
    }),
  );
  const started = Date.now();
  try {
    await deps.transport.send({ to: user.email, ...email, messageId: `<${batchId}@notifier.copytrade>` });
  } catch (error) {
    const message = smtpError(error);
    const final = batch.attempts >= deps.maxAttempts;
    if (final) await settle(db, batchId, 'failed', message);
    else
      await db.emailBatch.update({
        where: { id: batchId },
        // Held until just before the queue's retry, so no other job sends it sooner.
        data: {
          lastError: message,
          claimedUntil: new Date(Date.now() + Math.floor(deps.retryDelayMs(batch.attempts) * 0.9)),
        },
      });
    await deps.audit.record('notification.email_failed', `notify:email_failed:${batchId}:${batch.attempts}`, {
      userId: batch.userId,
      batchId,
      notifiedEventIds: eventIds,
      attempt: batch.attempts,
      error: message,
      final,
    });
    deps.metrics.channelAttempt('email', final ? 'failed' : 'retry');
    if (final) return false;
    throw new AttemptFailed(message, null);
  }
  await settle(db, batchId, 'delivered', null);
  deps.metrics.channelAttempt('email', 'delivered');
  await deps.audit.record('notification.email_sent', `notify:email_sent:${batchId}`, {
    userId: batch.userId,
    batchId,
    notifiedEventIds: eventIds,
    digest: eventIds.length > 1,
    attempt: batch.attempts,
    durationMs: Date.now() - started,
  });
  return true;
}

async function settle(
  db: Db,
  batchId: string,
  status: 'delivered' | 'failed' | 'skipped',
  lastError: string | null,
): Promise<void> {
  const deliveredAt = status === 'delivered' ? new Date() : null;
  await db.$transaction([
    db.emailBatch.update({
      where: { id: batchId },
      data: { status, lastError, deliveredAt, claimedUntil: null },
    }),
    db.emailDelivery.updateMany({ where: { batchId }, data: { status, deliveredAt } }),
  ]);
}

/** What went wrong, briefly: nodemailer's code and the server's reply line, never credentials. */
function smtpError(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as {
    code?: string;
    responseCode?: number;
    message?: string;
  };
  if (responseCode) return `SMTP ${responseCode}${code ? ` (${code})` : ''}`;
  return code ?? (message ?? 'send failed').slice(0, 200);
}

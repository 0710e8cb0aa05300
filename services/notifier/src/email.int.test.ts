import { type NotificationKind, queueNames } from '@copytrade/contracts';
import { createQueue } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type NotifierStage, startNotifierStage } from './testing/notifier-stage.ts';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.ts';

// Email on real Redis and PostgreSQL: events are recorded in the audit log as the audit service
// records them, the notifier reads them there and sends them to a local SMTP server (smtp-server), read
// back with mailparser. The throttle window is 6 s here: long enough for a burst of 50 to be recorded
// on a loaded 2-core machine before it closes.
const wait = { timeout: 20_000, interval: 50 };
const windowMs = 6_000;
const smtpPassword = 'smtp-Pa55word-never-logged';
let stage: NotifierStage;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver({ user: 'notifier', pass: smtpPassword });
  stage = await startNotifierStage({
    EMAIL_SMTP_URL: smtp.url,
    EMAIL_DIGEST_WINDOW_MS: String(windowMs),
    EMAIL_RETRY_DELAY_MS: '200',
    EMAIL_MAX_ATTEMPTS: '5',
    EMAIL_TIMEOUT_MS: '2000',
  });
});
afterAll(async () => {
  await stage?.stop();
  await smtp?.close();
});

async function emailSubscriber(label: string, kinds: NotificationKind[] = ['master_fill']) {
  const owner = await stage.seedOwner(label);
  await stage.database.db.notificationSubscription.create({
    data: { userId: owner.userId, channel: 'email', kinds },
  });
  const { email } = await stage.database.db.user.findUniqueOrThrow({ where: { id: owner.userId } });
  return { ...owner, email: email.toLowerCase() };
}

async function sentAudits(userId: string) {
  const rows = await stage.database.db.auditLog.findMany({
    where: { type: 'notification.email_sent' },
    orderBy: { seq: 'asc' },
  });
  return rows
    .map(
      (row) =>
        row.payload as { userId: string; notifiedEventIds: string[]; digest: boolean; batchId: string },
    )
    .filter((payload) => payload.userId === userId);
}

const titles = (text: string) => text.split('\n').filter((line) => line.startsWith('Master fill:'));

describe('email delivery', () => {
  it('sends an email in text and HTML to the event’s owner only, with what the event says', async () => {
    const alice = await emailSubscriber('alice');
    const bob = await emailSubscriber('bob');
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(() => expect(smtp.to(alice.email)).toHaveLength(1), wait);
    const [email] = smtp.to(alice.email);
    expect(email!.subject).toBe('Copytrade: Master fill: buy 1 BTCUSD at 65000.5');
    expect(email!.from).toContain('notifications@copytrade.invalid');
    expect(email!.text).toContain('Master fill: buy 1 BTCUSD at 65000.5');
    expect(email!.text).toContain(`Master account: ${alice.masterAccountId.slice(0, 8)}`);
    expect(email!.text).toContain('Position after: 1');
    expect(email!.html).toContain('<h2>Master fill: buy 1 BTCUSD at 65000.5</h2>');
    expect(email!.html).toContain(`<td>${alice.masterAccountId.slice(0, 8)}</td>`);
    await vi.waitFor(async () => expect(await sentAudits(alice.userId)).toHaveLength(1), wait);
    const [audit] = await sentAudits(alice.userId);
    expect(audit).toMatchObject({ notifiedEventIds: [eventId], digest: false });
    expect(email!.messageId).toBe(`<${audit!.batchId}@notifier.copytrade>`);

    // Bob's event reaches Bob; Alice's never does, and nothing of Alice's is in Bob's mail.
    await stage.masterFill(bob.masterAccountId);
    await vi.waitFor(() => expect(smtp.to(bob.email)).toHaveLength(1), wait);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.to(alice.email)).toHaveLength(1);
    const bobsMail = smtp
      .to(bob.email)
      .map((mail) => mail.text + mail.html)
      .join();
    expect(bobsMail).not.toContain(alice.masterAccountId.slice(0, 8));
    expect(
      smtp.received.filter((mail) => mail.text.includes(alice.masterAccountId.slice(0, 8))),
    ).toHaveLength(1);
    // The SMTP URL's password reaches no log or audit event; delivery rows say delivered.
    expect(stage.logLines.join('\n')).toContain('email channel on');
    expect(stage.logLines.join('\n')).toContain('smtp://***:***@127.0.0.1');
    expect(stage.logLines.join('\n')).not.toContain(smtpPassword);
    const audits = await stage.database.db.auditLog.findMany({
      where: { type: { startsWith: 'notification.' } },
    });
    expect(JSON.stringify(audits, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      smtpPassword,
    );
    const rows = await stage.database.db.emailDelivery.findMany({ where: { userId: alice.userId } });
    expect(rows.map((row) => row.status)).toEqual(['delivered']);
  });

  it('sends the first event at once and a burst of 50 inside the window as one digest listing all 50', async () => {
    const carol = await emailSubscriber('carol');
    const first = await stage.masterFill(carol.masterAccountId);
    await vi.waitFor(() => expect(smtp.to(carol.email)).toHaveLength(1), wait);
    // The window opened when the first email was batched, before it reached the server (which under
    // load can take a second or more): the digest is judged against the window's own end.
    const window = await stage.database.db.emailWindow.findUniqueOrThrow({ where: { userId: carol.userId } });
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stage.masterFill(carol.masterAccountId, i + 2)),
    );
    // All 50 recorded for the email channel, and still only the first email sent: they wait.
    await vi.waitFor(async () => {
      expect(await stage.database.db.emailDelivery.count({ where: { userId: carol.userId } })).toBe(51);
    }, wait);
    expect(smtp.to(carol.email)).toHaveLength(1);
    await vi.waitFor(() => expect(smtp.to(carol.email)).toHaveLength(2), wait);
    const digest = smtp.to(carol.email)[1]!;
    // It went when the window opened by the first email closed (a second's slack for replicas' clocks), not before.
    expect(digest.at - window.closesAt.getTime()).toBeGreaterThanOrEqual(-1_050);
    expect(digest.subject).toBe('Copytrade: 50 notifications (digest)');
    expect(titles(digest.text)).toHaveLength(50);
    expect(digest.html.match(/<h2>Master fill:/g)).toHaveLength(50);
    for (let i = 0; i < 50; i += 1) expect(digest.text).toContain(`Position after: ${i + 2}\n`);
    await vi.waitFor(async () => expect(await sentAudits(carol.userId)).toHaveLength(2), wait);
    const audits = await sentAudits(carol.userId);
    expect(audits[0]!.notifiedEventIds).toEqual([first]);
    expect([...audits[1]!.notifiedEventIds].sort()).toEqual([...burst].sort());
    expect(audits.map((audit) => audit.digest)).toEqual([false, true]);
    // Nothing more comes: each event went exactly once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.to(carol.email)).toHaveLength(2);
  });

  it('keeps a digest waiting across a notifier restart: sent once when the window closes', async () => {
    const dave = await emailSubscriber('dave');
    await stage.masterFill(dave.masterAccountId);
    await vi.waitFor(() => expect(smtp.to(dave.email)).toHaveLength(1), wait);
    const later = [
      await stage.masterFill(dave.masterAccountId, 2),
      await stage.masterFill(dave.masterAccountId, 3),
    ];
    await vi.waitFor(async () => {
      const rows = await stage.database.db.emailDelivery.findMany({ where: { userId: dave.userId } });
      expect(rows).toHaveLength(3);
    }, wait);
    await stage.notifier!.stop();
    await stage.startNotifier();
    await vi.waitFor(() => expect(smtp.to(dave.email)).toHaveLength(2), wait);
    await vi.waitFor(async () => expect(await sentAudits(dave.userId)).toHaveLength(2), wait);
    expect((await sentAudits(dave.userId)).map((audit) => audit.notifiedEventIds)[1]).toEqual(later);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.to(dave.email)).toHaveLength(2);
  });

  it('retries when the SMTP server refuses, then delivers once; each failure is audited', async () => {
    const erin = await emailSubscriber('erin');
    const refusedBefore = smtp.refused;
    smtp.refuseNext(2);
    const eventId = await stage.masterFill(erin.masterAccountId);
    await vi.waitFor(() => expect(smtp.to(erin.email)).toHaveLength(1), wait);
    expect(smtp.refused - refusedBefore).toBe(2);
    // Each refusal is audited (through the audit queue, so polled).
    await vi.waitFor(async () => {
      const failures = (
        await stage.database.db.auditLog.findMany({
          where: { type: 'notification.email_failed' },
          orderBy: { seq: 'asc' },
        })
      )
        .map((row) => row.payload as { userId: string; attempt: number; error: string; final: boolean })
        .filter((payload) => payload.userId === erin.userId);
      expect(failures).toEqual([
        expect.objectContaining({ attempt: 1, error: expect.stringContaining('451'), final: false }),
        expect.objectContaining({ attempt: 2, error: expect.stringContaining('451'), final: false }),
      ]);
    }, wait);
    await vi.waitFor(async () => {
      const audits = await sentAudits(erin.userId);
      expect(audits).toEqual([expect.objectContaining({ notifiedEventIds: [eventId] })]);
    }, wait);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(smtp.to(erin.email)).toHaveLength(1);
  });

  it('emails the daily summary: copies, skips and PnL per follow, escaped in HTML', async () => {
    const { db } = stage.database;
    const frank = await emailSubscriber('frank', ['daily_summary']);
    const { follower, follow } = await stage.seedFollow(
      frank,
      'frank follower',
      new Date('2026-11-01T00:00:00Z'),
    );
    await db.positionSyncStatus.create({
      data: {
        followId: follow.id,
        masterAccountId: frank.masterAccountId,
        followerAccountId: follower.id,
        symbol: 'ETHUSD',
        state: 'in_sync',
        target: 2,
        totalTarget: 2,
        actual: 2,
        drift: 0,
        realizedPnl: '12.5',
        unrealizedPnl: '-3.25',
        lastVerified: new Date(),
      },
    });
    const queue = createQueue(queueNames.dailySummaries, {
      connection: stage.redis,
      prefix: stage.prefix,
    });
    await queue.add('daily-summary', { day: '2026-11-29' });
    await queue.close();
    await vi.waitFor(() => expect(smtp.to(frank.email)).toHaveLength(1), wait);
    const [email] = smtp.to(frank.email);
    expect(email!.subject).toBe('Copytrade: Daily summary for 2026-11-29');
    expect(email!.text).toContain(
      'Follow | Master | Copies | Rejected | Skips | Symbol | Realized PnL | Unrealized PnL',
    );
    expect(email!.text).toContain(
      `${follow.id.slice(0, 8)} | ${frank.masterAccountId.slice(0, 8)} | 0 | 0 | 0 | ETHUSD | 12.5 | -3.25`,
    );
    expect(email!.html).toContain('<td>ETHUSD</td><td>12.5</td><td>-3.25</td>');
  });
});

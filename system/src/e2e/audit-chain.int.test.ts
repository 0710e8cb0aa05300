import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verifyChain } from '@copytrade/audit-log';
import { correlationIdOf } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// After a short session the audit log's hash chain verifies, every record of a copy carries its
// master fill's correlation id, and tampering with one row is named precisely — by the library and
// by the operator's `pnpm audit:verify`.
const SYMBOL = 'ETHUSD';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'one', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'lot', settings: { mode: 'fixed_lot', lotSize: 2 } },
      { label: 'reverse', settings: { mode: 'multiplier', multiplier: '0.5', reverse: true } },
    ],
  });
  await s.trade(SYMBOL, 'buy', 10, '3000');
  await s.trade(SYMBOL, 'sell', 4, '3010');
  await s.trade(SYMBOL, 'sell', 6, '3020');
  await s.settle([SYMBOL]);
  await s.auditSettled();
});
afterAll(async () => {
  await s?.close();
});

async function verifyCli(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['packages/audit-log/src/verify.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: s.database.url },
      timeout: 15_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

type Leg = { clientOrderId: string };
type Decided = { master: { fillId: string; price: string }; legs: Leg[] };
type Accepted = { side: 'buy' | 'sell'; avgFillPrice: string; slippageBps?: number };

describe('audit chain, end to end', () => {
  it('verifies the chain of a whole session', async () => {
    const count = await s.db.auditLog.count();
    expect(count).toBeGreaterThan(20);
    expect(await verifyChain(s.db)).toMatchObject({ ok: true, count });
    const cli = await verifyCli();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`^audit chain ok: ${count} rows, \\d+ checkpoints\n$`));
  });

  it("ties every record of a copy to its master fill's correlation id", async () => {
    const fills = s.sim.control.fills(s.masterSimUserId);
    expect(fills).toHaveLength(3);
    for (const fill of fills) {
      const correlationId = correlationIdOf(s.masterAccountId, String(fill.id));
      const recorded = await s.db.auditLog.findMany({
        where: { type: 'master_fill.recorded', correlationId },
      });
      expect(recorded).toHaveLength(1);
      const decided = (await s.db.auditLog.findMany({ where: { type: 'copy.decided' } })).filter(
        (r) => (r.payload as Decided).master.fillId === String(fill.id),
      );
      expect(decided).toHaveLength(s.followers.length);
      for (const row of decided) {
        expect(row.correlationId).toBe(correlationId);
        for (const leg of (row.payload as Decided).legs) {
          const orderRows = (
            await s.db.auditLog.findMany({ where: { type: { in: ['order.submitted', 'order.accepted'] } } })
          ).filter((r) => (r.payload as Leg).clientOrderId === leg.clientOrderId);
          expect(orderRows.map((r) => r.type).sort()).toEqual(['order.accepted', 'order.submitted']);
          for (const r of orderRows) expect(r.correlationId, r.type).toBe(correlationId);
          // The accepted order's slippage is its fill against this master fill's price, positive
          // when worse for the follower (the reverse follower sells on the master's buy).
          const accepted = orderRows.find((r) => r.type === 'order.accepted')!.payload as Accepted;
          const masterPrice = Number((row.payload as Decided).master.price);
          const moved = ((Number(accepted.avgFillPrice) - masterPrice) / masterPrice) * 10_000;
          expect(accepted.slippageBps).toBeCloseTo(accepted.side === 'buy' ? moved : -moved, 1);
          const intent = await s.db.orderIntent.findUniqueOrThrow({
            where: { clientOrderId: leg.clientOrderId },
          });
          expect(intent.correlationId).toBe(correlationId);
          const copy = await s.db.copyTrade.findUniqueOrThrow({
            where: { clientOrderId: leg.clientOrderId },
          });
          expect(copy.correlationId).toBe(correlationId);
        }
      }
    }
  });

  it('names exactly the row that was edited', async () => {
    const rows = await s.db.auditLog.findMany({ where: { type: 'order.accepted' }, orderBy: { seq: 'asc' } });
    const victim = rows[Math.floor(rows.length / 2)]!;
    const table = `"${s.database.schema}".audit_log`;
    // The database itself refuses the edit while its trigger is on.
    await expect(
      s.db.$executeRawUnsafe(`UPDATE ${table} SET payload = payload WHERE seq = ${victim.seq}`),
    ).rejects.toThrow(/append-only/);
    await s.db.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER audit_log_append_only`);
    try {
      await s.db.$executeRawUnsafe(
        `UPDATE ${table} SET payload = jsonb_set(payload, '{size}', '999') WHERE seq = ${victim.seq}`,
      );
    } finally {
      await s.db.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER audit_log_append_only`);
    }
    expect(await verifyChain(s.db)).toMatchObject({
      ok: false,
      seq: victim.seq.toString(),
      eventId: victim.eventId,
      reason: 'hash_mismatch',
      actual: victim.hash,
    });
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`audit chain BROKEN at seq ${victim.seq} (event ${victim.eventId})`);
  });
});

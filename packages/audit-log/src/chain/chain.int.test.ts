import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { AuditEvent } from '@copytrade/contracts';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectEvents } from '../projections/project-event.ts';
import { sampleTrade } from '../testing/sample-trade.ts';
import { appendEvent } from './append-event.ts';
import { GENESIS_HASH } from './chain-hash.ts';
import { verifyChain } from './verify-chain.ts';

let database: TestDatabase;
let sql: SqlPool;
const append = (event: AuditEvent) => appendEvent(sql, event, projectEvents);

/** Runs SQL with the append-only trigger switched off, as only a superuser could. */
async function tamper(sql: string): Promise<void> {
  const table = `"${database.schema}"."audit_log"`;
  await database.db.$transaction([
    database.db.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER audit_log_append_only`),
    database.db.$executeRawUnsafe(sql.replaceAll('$table', table)),
    database.db.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER audit_log_append_only`),
  ]);
}

/** The `audit:verify` CLI against this test's schema. */
function verifyCli() {
  const cli = resolve(import.meta.dirname, '../verify.ts');
  const run = spawnSync(process.execPath, [cli], {
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: run.status, out: run.stdout };
}

const rows = () =>
  database.db.auditLog.findMany({ orderBy: { seq: 'asc' }, select: { seq: true, eventId: true } });

beforeAll(async () => {
  database = await createTestDatabase('audit_chain');
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 2 });
  for (let i = 0; i < 4; i += 1) {
    const trade = sampleTrade();
    for (const event of [trade.events.decided(), trade.events.submitted(1), trade.events.accepted()])
      await append(event);
  }
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

describe('the hash chain', () => {
  it('links every row to the one before, from the genesis hash', async () => {
    const all = await database.db.auditLog.findMany({ orderBy: { seq: 'asc' } });
    expect(all).toHaveLength(12);
    expect(all[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i += 1) expect(all[i]?.prevHash).toBe(all[i - 1]?.hash);
  });

  it('verifies, whatever the batch size', async () => {
    expect(await verifyChain(database.db)).toEqual({ ok: true, count: 12, checkpoints: 0 });
    expect(await verifyChain(database.db, { batchSize: 5 })).toEqual({ ok: true, count: 12, checkpoints: 0 });
    expect(await verifyChain(database.db, { batchSize: 1 })).toEqual({ ok: true, count: 12, checkpoints: 0 });
    expect(verifyCli()).toEqual({ code: 0, out: 'audit chain ok: 12 rows, 0 checkpoints\n' });
  });

  it('stores an event delivered twice once', async () => {
    const trade = sampleTrade();
    const first = await append(trade.events.submitted(1));
    const second = await append(trade.events.submitted(1));
    expect(first.stored).toBe(true);
    expect(second).toEqual({ stored: false });
    expect(await database.db.auditLog.count({ where: { correlationId: trade.correlationId } })).toBe(1);
  });

  it('is refused an UPDATE, a DELETE and a TRUNCATE by the database', async () => {
    const { db } = database;
    await expect(db.auditLog.updateMany({ data: { type: 'x' } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "${database.schema}"."audit_log"`)).rejects.toThrow(
      /append-only/,
    );
    expect((await verifyChain(db)).ok).toBe(true);
  });
});

// These edit rows, so they run last, on top of what the tests above appended.
describe('verifyChain on a tampered log', () => {
  it('names the first row whose content was edited', async () => {
    const target = (await rows())[6];
    if (!target) throw new Error('no row 7');
    await tamper(`UPDATE $table SET payload = jsonb_set(payload, '{size}', '99') WHERE seq = ${target.seq}`);
    const result = await verifyChain(database.db, { batchSize: 4 });
    expect(result).toMatchObject({
      ok: false,
      seq: target.seq.toString(),
      eventId: target.eventId,
      reason: 'hash_mismatch',
    });
    const cli = verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(
      new RegExp(`^audit chain BROKEN at seq ${target.seq} \\(event ${target.eventId}\\): hash_mismatch`),
    );
    expect(cli.out.trim().split('\n')).toHaveLength(1);
  });

  it('names an earlier row whose link was rewritten, before the edit above', async () => {
    const target = (await rows())[2];
    if (!target) throw new Error('no row 3');
    await tamper(`UPDATE $table SET prev_hash = repeat('a', 64) WHERE seq = ${target.seq}`);
    const result = await verifyChain(database.db);
    expect(result).toMatchObject({
      ok: false,
      seq: target.seq.toString(),
      eventId: target.eventId,
      reason: 'prev_hash_mismatch',
      actual: 'a'.repeat(64),
    });
  });

  it('names the row after one that was deleted', async () => {
    const all = await rows();
    const [removed, next] = [all[0], all[1]];
    if (!removed || !next) throw new Error('too few rows');
    await tamper(`DELETE FROM $table WHERE seq = ${removed.seq}`);
    const result = await verifyChain(database.db);
    expect(result).toMatchObject({ ok: false, seq: next.seq.toString(), reason: 'prev_hash_mismatch' });
  });
});

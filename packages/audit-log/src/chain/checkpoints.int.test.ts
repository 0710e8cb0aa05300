import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectEvents } from '../projections/project-event.ts';
import { sampleTrade } from '../testing/sample-trade.ts';
import { appendEvent } from './append-event.ts';
import { signCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { verifyChain } from './verify-chain.ts';

const key = 'checkpoint-key-of-this-test-0123456789abcdef';
let database: TestDatabase;
let sql: SqlPool;

async function appendTrades(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const trade = sampleTrade();
    for (const event of [trade.events.decided(), trade.events.submitted(1), trade.events.accepted()])
      await appendEvent(sql, event, projectEvents);
  }
}

/** Runs SQL as a superuser with the append-only triggers off: what the checkpoints must expose. */
async function tamper(sql: string): Promise<void> {
  const table = `"${database.schema}"."audit_log"`;
  await database.db.$transaction([
    database.db.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER USER`),
    database.db.$executeRawUnsafe(sql.replaceAll('$table', table)),
    database.db.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER USER`),
  ]);
}

function verifyCli() {
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../verify.ts')], {
    env: { ...process.env, DATABASE_URL: database.url, AUDIT_CHECKPOINT_KEY: key, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  database = await createTestDatabase('audit_cp');
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 2 });
  await appendTrades(2); // seq 1..6
  expect(await writeCheckpoint(sql, key)).toBe(6n);
  await appendTrades(2); // seq 7..12
  expect(await writeCheckpoint(sql, key)).toBe(12n);
  expect(await writeCheckpoint(sql, key)).toBe(12n); // unchanged head: stored once
});
afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

describe('signed checkpoints of the chain head', () => {
  it('verify against an intact log', async () => {
    expect(await verifyChain(database.db, { checkpointKey: key })).toEqual({
      ok: true,
      count: 12,
      checkpoints: 2,
    });
    expect(verifyCli()).toMatchObject({ code: 0, out: 'audit chain ok: 12 rows, 2 checkpoints\n' });
  });

  it('are refused by verify under another key', async () => {
    const other = await verifyChain(database.db, { checkpointKey: `${key}-other` });
    expect(other).toEqual({ ok: false, reason: 'checkpoint_forged', seq: '6' });
  });

  it('expose a removed tail, naming the missing range', async () => {
    await tamper('DELETE FROM $table WHERE seq > 9');
    expect(await verifyChain(database.db, { checkpointKey: key, batchSize: 4 })).toEqual({
      ok: false,
      reason: 'truncated',
      missingFrom: '10',
      missingTo: '12',
    });
    const cli = verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toBe(
      'audit chain TRUNCATED: rows seq 10..12 are missing (the log ends before its checkpoint at seq 12)\n',
    );
  });

  it('expose a forged checkpoint (a head moved back to hide the truncation)', async () => {
    const head = await database.db.auditLog.findFirst({ orderBy: { seq: 'desc' } });
    await database.db.$executeRawUnsafe(
      `DELETE FROM "${database.schema}"."audit_checkpoints" WHERE seq = 12`,
    );
    await database.db.auditCheckpoint.create({
      data: {
        seq: head!.seq,
        hash: head!.hash,
        signature: signCheckpoint('a guessed key', head!.seq, head!.hash),
      },
    });
    expect(await verifyChain(database.db, { checkpointKey: key })).toEqual({
      ok: false,
      reason: 'checkpoint_forged',
      seq: '9',
    });
    const cli = verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('checkpoint at seq 9 has an invalid signature');
  });

  it('refuse to verify in production without AUDIT_CHECKPOINT_KEY', () => {
    const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../verify.ts')], {
      env: { ...process.env, DATABASE_URL: database.url, AUDIT_CHECKPOINT_KEY: '', NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('AUDIT_CHECKPOINT_KEY is required in production');
  });
});

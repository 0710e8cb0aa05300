import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './database-url.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

// The services' role (migration 20261130000000_app_role) may append to audit_log but not change,
// remove or unprotect what is there. Checked by a superuser connection that becomes the role.
let databases: TestDatabase[] = [];
let client: pg.Client;

beforeAll(async () => {
  // Two schemas migrated at once: the role is cluster-wide, so both runs meet it.
  databases = await Promise.all([createTestDatabase('app_role'), createTestDatabase('app_role')]);
  const [database] = databases;
  client = new pg.Client({ connectionString: parseDatabaseUrl(database!.url).connectionString });
  await client.connect();
  await client.query(`SET search_path TO "${database!.schema}"`);
  await client.query('SET ROLE copytrade_app');
});
afterAll(async () => {
  await client?.end();
  await Promise.all(databases.map((d) => d.drop()));
});

const insertRow = (eventId: string) =>
  client.query(
    `INSERT INTO audit_log (event_id, type, occurred_at, payload, prev_hash, hash)
     VALUES ($1, 'test', now(), '{}', 'p', $1) RETURNING seq`,
    [eventId],
  );

/** Runs one statement in a savepoint so a refusal does not end the session's role. */
async function refusal(sql: string): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('the copytrade_app role', () => {
  it('exists once, cannot log in and is no superuser', async () => {
    const { rows } = await client.query(
      `SELECT rolcanlogin, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = 'copytrade_app'`,
    );
    expect(rows).toEqual([{ rolcanlogin: false, rolsuper: false, rolcreaterole: false }]);
    expect((await client.query('SELECT current_user')).rows[0].current_user).toBe('copytrade_app');
  });

  it('inserts into audit_log and reads it back', async () => {
    const { rows } = await insertRow('role-event-1');
    expect(Number(rows[0].seq)).toBeGreaterThan(0);
    expect((await client.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1);
  });

  it('cannot update, delete or truncate audit_log, nor disable or drop its triggers', async () => {
    await insertRow('role-event-2');
    expect(await refusal(`UPDATE audit_log SET type = 'x'`)).toMatch(/permission denied/);
    expect(await refusal('DELETE FROM audit_log')).toMatch(/permission denied/);
    expect(await refusal('TRUNCATE audit_log')).toMatch(/permission denied/);
    expect(await refusal('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).toMatch(
      /must be owner/,
    );
    expect(await refusal('ALTER TABLE audit_log DISABLE TRIGGER ALL')).toMatch(/must be owner/);
    expect(await refusal('DROP TRIGGER audit_log_append_only ON audit_log')).toMatch(/must be owner/);
    expect(await refusal('DROP TABLE audit_log')).toMatch(/must be owner/);
    expect(await refusal(`SELECT * FROM "_prisma_migrations"`)).toMatch(/permission denied/);
    expect((await client.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(2);
  });

  it('keeps the DML the services need on the other tables', async () => {
    const { rows } = await client.query(
      `INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), 'role@example.test', 'r') RETURNING id`,
    );
    const id = rows[0].id as string;
    await client.query(`UPDATE users SET name = 'r2' WHERE id = $1`, [id]);
    await client.query('DELETE FROM users WHERE id = $1', [id]);
  });
});

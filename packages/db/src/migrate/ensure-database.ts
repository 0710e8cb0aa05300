import pg from 'pg';
import type { DatabaseTarget } from '../database-url.ts';

/** Creates the database named in the URL when the server does not have it yet (a fresh machine). */
export async function ensureDatabase(target: DatabaseTarget): Promise<void> {
  const probe = new pg.Client({ connectionString: target.connectionString });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const admin = new URL(target.connectionString);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${target.database.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another process created it between our probe and now.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

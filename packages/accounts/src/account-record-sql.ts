import type { SqlPool } from '@copytrade/db/sql';
import type { AccountRecord, StoredAccount } from './account-record.ts';

// Record and sealed secret of many accounts in one plain statement: every service's account directory
// reads this way (no Prisma on the copy path).
const selectAccounts = `
  SELECT "id", "user_id", "label", "role"::text, "status"::text, "base_url", "ws_url", "api_key",
    "secret_envelope"
  FROM "broker_accounts" WHERE "id" = ANY($1::uuid[])`;

interface Row {
  id: string;
  user_id: string;
  label: string;
  role: AccountRecord['role'];
  status: AccountRecord['status'];
  base_url: string;
  ws_url: string | null;
  api_key: string;
  secret_envelope: string;
}

/** Reads many accounts in one plain statement; an id that is absent has no entry. */
export async function loadAccountsSql(
  sql: SqlPool,
  ids: readonly string[],
): Promise<Map<string, StoredAccount>> {
  const { rows } = await sql.query<Row>({
    name: 'accounts-load',
    text: selectAccounts,
    values: [[...new Set(ids)]],
  });
  return new Map(
    rows.map((r) => [
      r.id,
      {
        record: {
          id: r.id,
          userId: r.user_id,
          label: r.label,
          role: r.role,
          status: r.status,
          baseUrl: r.base_url,
          wsUrl: r.ws_url,
          apiKey: r.api_key,
        },
        secretEnvelope: r.secret_envelope,
      },
    ]),
  );
}

import { api } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';

interface Row {
  seq: bigint;
  type: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
  actor_user_id: string | null;
  actor_email: string | null;
}

/** The newest manual actions from the audit trail, each with its actor's email (while the user exists). */
export async function listManualActions(db: Db, query: api.ManualActionsQuery): Promise<api.ManualAction[]> {
  const types: readonly string[] = query.type === undefined ? api.manualActionTypes : [query.type];
  const rows = await db.$queryRaw<Row[]>`
    SELECT a.seq, a.type, a.occurred_at, a.payload,
      a.payload->>'actorUserId' AS actor_user_id, u.email AS actor_email
    FROM audit_log a
    LEFT JOIN users u ON u.id::text = a.payload->>'actorUserId'
    WHERE a.type = ANY(${types}::text[])
    ORDER BY a.occurred_at DESC, a.seq DESC
    LIMIT ${query.limit}`;
  return rows.map((row) => ({
    seq: row.seq.toString(),
    type: api.manualActionType.parse(row.type),
    occurredAt: row.occurred_at.toISOString(),
    actorUserId: row.actor_user_id,
    actorEmail: row.actor_email,
    payload: row.payload,
  }));
}

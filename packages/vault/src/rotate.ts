import type { Vault } from './vault.ts';
import { isVaultError, type VaultErrorCode } from './vault-error.ts';

export type StoredSecret<Id = string> = { id: Id; accountId: string; sealed: string };

export type RotationOutcome<R extends StoredSecret<unknown>> =
  /** Re-wrapped under the active key: write `record.sealed` back. */
  | { status: 'rewrapped'; record: R }
  /** Already under the active key: nothing to write. */
  | { status: 'current'; id: R['id'] }
  /** Could not be re-wrapped (unknown key, tampered, wrong account): left as it is, for an operator. */
  | { status: 'failed'; id: R['id']; code: VaultErrorCode };

export type RotationReport<R extends StoredSecret<unknown>> = {
  rewrapped: R[];
  current: number;
  failed: { id: R['id']; code: VaultErrorCode }[];
};

/** Re-wraps one record; one bad record is reported, not thrown, so the rest still rotate. */
export function rotateOne<R extends StoredSecret<unknown>>(record: R, vault: Vault): RotationOutcome<R> {
  try {
    if (!vault.needsRewrap(record.sealed)) return { status: 'current', id: record.id };
    return {
      status: 'rewrapped',
      record: { ...record, sealed: vault.rewrap(record.sealed, record.accountId) },
    };
  } catch (error) {
    if (!isVaultError(error)) throw error;
    return { status: 'failed', id: record.id, code: error.code };
  }
}

/** Pure: re-wraps every record not under the active key and says what happened to the others. */
export function rotateAll<R extends StoredSecret<unknown>>(
  records: Iterable<R>,
  vault: Vault,
): RotationReport<R> {
  const report: RotationReport<R> = { rewrapped: [], current: 0, failed: [] };
  for (const record of records) addOutcome(report, rotateOne(record, vault));
  return report;
}

/** Streams outcomes for a database loop that reads pages and writes back each re-wrapped record. */
export async function* rotateEach<R extends StoredSecret<unknown>>(
  records: AsyncIterable<R> | Iterable<R>,
  vault: Vault,
): AsyncGenerator<RotationOutcome<R>> {
  for await (const record of records) yield rotateOne(record, vault);
}

function addOutcome<R extends StoredSecret<unknown>>(report: RotationReport<R>, outcome: RotationOutcome<R>) {
  if (outcome.status === 'rewrapped') report.rewrapped.push(outcome.record);
  else if (outcome.status === 'current') report.current += 1;
  else report.failed.push({ id: outcome.id, code: outcome.code });
}

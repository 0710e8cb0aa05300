import type { MonitorResult } from '@copytrade/contracts';
import type { MasterSupervisor } from '../masters/master-supervisor.ts';
import { gapFill } from './gap-fill.ts';
import type { ListenerDeps } from './listener-deps.ts';

/**
 * "Monitor now": reads each named master's fills from REST at once, through its watcher when this
 * replica holds it (so it runs in step with the socket's fills) and directly otherwise (ingestion is
 * idempotent whichever replica reads), and says what it found.
 */
export async function monitorNow(
  deps: ListenerDeps,
  supervisor: Pick<MasterSupervisor, 'watcher'>,
  masterAccountId: string | undefined,
): Promise<MonitorResult> {
  const ids = masterAccountId !== undefined ? [masterAccountId] : await deps.store.activeMasters();
  const masters: MonitorResult['masters'] = [];
  for (const id of ids) {
    const watcher = supervisor.watcher(id);
    const newFills = watcher ? await watcher.gapFillNow() : await gapFill(deps, id);
    const activeFollowers = await deps.store.activeFollowCount(id);
    masters.push({ masterAccountId: id, newFills, activeFollowers });
  }
  return { masters };
}

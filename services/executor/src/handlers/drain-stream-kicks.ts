import type { CopyKickEntry, CopyOrderJob, StreamEntryOf } from '@copytrade/contracts';
import { closesFirst } from '@copytrade/copy-engine';
import type { Logger } from '@copytrade/runtime';
import { copyAttributes, copySpans, withSpan, withTraceContext } from '@copytrade/telemetry';
import { type DrainKicksDeps, drainKicks, type HandOff } from './drain-kicks.ts';

/** One entry of the kick stream as read: its id and what its fields held. */
export interface StreamKick {
  id: string;
  entry: StreamEntryOf<CopyKickEntry>;
}

export interface DrainStreamKicksDeps {
  drain: DrainKicksDeps;
  /** Enqueues each kick that did not end cleanly as a job of its own (retries, waits, refusals). */
  handOff(handOffs: HandOff[]): Promise<void>;
  /** Keeps an unreadable entry where operators see it (a failed job) before it is acknowledged. */
  deadLetter(id: string, error: string): Promise<void>;
  /** Acknowledges and deletes the entry: its kick is done with. */
  done(id: string): Promise<void>;
  logger: Logger;
}

const jobOf = ({ closes: _closes, ...job }: CopyKickEntry): CopyOrderJob => job;

/**
 * Drains the kicks of one read side by side, closes first, as a job of kicks is drained; each entry
 * is acknowledged once its drain has ended or been handed to a job of its own. An entry whose drain or
 * hand-off failed stays pending, and is taken up again if this process dies (`claimKicksOfDead`).
 */
export async function drainStreamKicks(
  deps: DrainStreamKicksDeps,
  kicks: readonly StreamKick[],
): Promise<void> {
  const readable: { id: string; kick: CopyKickEntry; trace: Record<string, string> | undefined }[] = [];
  const settled: Promise<void>[] = [];
  for (const { id, entry } of kicks) {
    if (entry.ok) readable.push({ id, kick: entry.value, trace: entry.trace });
    else settled.push(settle(deps, id, () => deps.deadLetter(id, entry.error)));
  }
  for (const k of closesFirst(readable, (r) => r.kick.closes))
    settled.push(settle(deps, k.id, () => drainOne(deps, k.kick, k.trace)));
  await Promise.all(settled);
}

/** Runs `work`, then acknowledges the entry; a failure leaves it pending and is logged. */
async function settle(deps: DrainStreamKicksDeps, id: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    await deps.done(id);
  } catch (error) {
    deps.logger.error({ err: error, entryId: id }, 'kick stream entry left pending');
  }
}

/** The kick in the trace of the decision that queued it, as a job's kick is in its job's. */
function drainOne(
  deps: DrainStreamKicksDeps,
  kick: CopyKickEntry,
  trace: Record<string, string> | undefined,
) {
  return withTraceContext(trace, () =>
    withSpan(
      copySpans.streamKick,
      { [copyAttributes.followerAccountId]: kick.followerAccountId },
      async () => {
        const handOffs = await drainKicks(deps.drain, [jobOf(kick)], deps.logger);
        if (handOffs.length > 0) await deps.handOff(handOffs);
      },
    ),
  );
}

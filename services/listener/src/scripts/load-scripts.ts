import { readFileSync } from 'node:fs';
import type { MasterFillJob } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import type { TraceCarrier } from '@copytrade/telemetry';

const script = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

export type FillApplyStatus = 'applied' | 'seen' | 'gap' | 'covered';

export interface MasterFillApplication {
  positionKey: string;
  seenKey: string;
  /** Sorted set of the seen fills by exchange time, for trimming. */
  seenTimesKey: string;
  /** Where an applied fill's job goes, in the same step (`redisKeys.masterFillStream`). */
  fillStreamKey: string;
  /** The fill's job without `positionAfter` and `seq`, which the step appends. */
  job: Omit<MasterFillJob, 'positionAfter' | 'seq'>;
  /** The fill's trace context, carried with its job (tracing on). */
  trace?: TraceCarrier;
  fillId: string;
  signedSize: number;
  /** The WebSocket's `po`; null for a REST fill. */
  exchangePositionAfter: number | null;
  /** The WebSocket's per-symbol `se`; null for a REST fill. */
  exchangeSequence: number | null;
  /** The fill's exchange time (µs): orders it against the last fill applied on the exchange's `po`. */
  occurredAtUs: number;
  /** Refuse (status `gap`) a fill that does not follow what was applied. */
  strict: boolean;
  /** Seen fills older than `nowMs - seenHorizonMs` (exchange time) are trimmed. */
  nowMs: number;
  seenHorizonMs: number;
}

export interface MasterFillOutcome {
  status: FillApplyStatus;
  seq: number;
  positionAfter: number;
  /** The position was taken from the exchange's `po` rather than added up. */
  resynced: boolean;
  /** Older than a position the exchange reported: recorded, never applied (now or when first seen). */
  covered: boolean;
  /**
   * Its job went on the fill stream in the step that applied it (now or when first seen); a fill seen
   * before without it was applied by a listener that queued the job itself, after its step.
   */
  streamed: boolean;
}

export interface ListenerScripts {
  applyMasterFill(fill: MasterFillApplication): Promise<MasterFillOutcome>;
  renewLease(key: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(key: string, holder: string): Promise<boolean>;
}

const statuses: FillApplyStatus[] = ['seen', 'applied', 'gap', 'covered'];

/** Registers the listener's Lua scripts on a connection (EVALSHA, loaded on first use). */
export function loadScripts(redis: Redis): ListenerScripts {
  redis.defineCommand('ctApplyMasterFill', { numberOfKeys: 4, lua: script('./apply-master-fill-4.lua') });
  redis.defineCommand('ctRenewLease', { numberOfKeys: 1, lua: script('./renew-lease-1.lua') });
  redis.defineCommand('ctReleaseLease', { numberOfKeys: 1, lua: script('./release-lease-1.lua') });
  const call = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  return {
    async applyMasterFill(fill) {
      const [status, seq, pos, resynced, covered, streamed] = (await call.ctApplyMasterFill!(
        fill.positionKey,
        fill.seenKey,
        fill.seenTimesKey,
        fill.fillStreamKey,
        fill.fillId,
        fill.signedSize,
        fill.exchangePositionAfter ?? '',
        fill.strict ? '1' : '0',
        fill.exchangeSequence ?? '',
        fill.occurredAtUs,
        fill.nowMs,
        fill.seenHorizonMs,
        JSON.stringify(fill.job),
        fill.trace === undefined ? '' : JSON.stringify(fill.trace),
      )) as number[];
      return {
        status: statuses[status!]!,
        seq: seq!,
        positionAfter: pos!,
        resynced: resynced === 1,
        covered: covered === 1,
        streamed: streamed === 1,
      };
    },
    async renewLease(key, holder, ttlMs) {
      return (await call.ctRenewLease!(key, holder, ttlMs)) === 1;
    },
    async releaseLease(key, holder) {
      return (await call.ctReleaseLease!(key, holder)) === 1;
    },
  };
}

import { readFileSync } from 'node:fs';
import { type OrderLeg, orderLeg } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';
import { type Settled, settlePipeline } from '../fan-out/batch-scope.ts';

/** The leg fields the script fills in; the caller supplies everything else. */
export type LegContext = Omit<
  OrderLeg,
  'side' | 'size' | 'reduceOnly' | 'leg' | 'clientOrderId' | 'targetBefore' | 'targetAfter' | 'dependsOn'
>;

export interface LegOrderIds {
  open: string;
  close: string;
  increase: string;
  reduce: string;
}

export interface TargetUpdate {
  bookKey: string;
  outboxKey: string;
  followId: string;
  seq: number;
  target: number;
  /** The follow target the decision was made on; the update is refused (`moved`) if it changed. */
  decidedOn?: number;
  /** The master position the decision was made on (exit-sync compares it with the exchange's). */
  masterPosition: number;
  /** Apply at the follow's current seq (which must be `seq`) without advancing it. */
  resync?: boolean;
  /** With `resync`: set the total to this first, charging the difference to this follow. */
  rebaseTo?: number;
  /** The total `rebaseTo` was read beside: no rebase when the total has moved since. */
  rebaseFromTotal?: number;
  context: LegContext;
  orderIds: LegOrderIds;
}

export type TargetUpdateResult =
  | { outcome: 'applied'; seq: number; totalBefore: number; legs: OrderLeg[] }
  | { outcome: 'stale'; lastSeq: number; lastCids: string[] }
  | { outcome: 'moved'; lastTarget: number };

export interface TargetScript {
  apply(update: TargetUpdate): Promise<TargetUpdateResult>;
  /** Many updates in one pipeline, each its own atomic step with its own result or error. */
  applyMany(updates: readonly TargetUpdate[]): Promise<Settled<TargetUpdateResult>[]>;
}

const COMMAND = 'ctApplyTarget';
const cids = z.array(z.string());

const argsOf = (u: TargetUpdate): (string | number)[] => [
  u.bookKey,
  u.outboxKey,
  u.followId,
  u.seq,
  u.target,
  u.decidedOn === undefined ? '' : u.decidedOn,
  JSON.stringify(u.context),
  u.orderIds.open,
  u.orderIds.close,
  u.orderIds.increase,
  u.orderIds.reduce,
  u.masterPosition,
  u.resync ? 'resync' : '',
  u.rebaseTo ?? '',
  u.rebaseFromTotal ?? '',
];

function parseReply(raw: unknown): TargetUpdateResult {
  const [code, value, cidsJson, totalBefore, ...legs] = raw as [number, number, string, number, ...string[]];
  if (code === 0) return { outcome: 'stale', lastSeq: value, lastCids: cids.parse(JSON.parse(cidsJson)) };
  if (code === 2) return { outcome: 'moved', lastTarget: value };
  return {
    outcome: 'applied',
    seq: value,
    totalBefore,
    legs: legs.map((leg) => orderLeg.parse(JSON.parse(leg))),
  };
}

type ScriptCalls = Record<string, (...args: (string | number)[]) => unknown>;

/** Registers `apply-target-2.lua` on a connection (EVALSHA, loaded on first use). */
export function loadTargetScript(redis: Redis): TargetScript {
  redis.defineCommand(COMMAND, {
    numberOfKeys: 2,
    lua: readFileSync(new URL('./apply-target-2.lua', import.meta.url), 'utf8'),
  });
  const call = (redis as unknown as ScriptCalls)[COMMAND]!.bind(redis);
  return {
    async apply(u) {
      return parseReply(await call(...argsOf(u)));
    },
    async applyMany(updates) {
      const pipeline = redis.pipeline();
      for (const u of updates) (pipeline as unknown as ScriptCalls)[COMMAND]!(...argsOf(u));
      return settlePipeline(await pipeline.exec(), updates.length, parseReply);
    },
  };
}

import { readFileSync } from 'node:fs';
import type { OrderLeg } from '@copytrade/contracts';
import type { TraceCarrier } from '@copytrade/telemetry';
import type { LegKind } from '@copytrade/copy-engine';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';
import type { Settled } from '../fan-out/batch-scope.ts';
import type { DecisionNote } from '../handlers/decision-record.ts';
import { batchedArgs, batchedLua, settleBatched } from './batched-script.ts';

/** The leg fields the script fills in; the caller supplies everything else. */
export type LegContext = Omit<
  OrderLeg,
  'side' | 'size' | 'reduceOnly' | 'leg' | 'clientOrderId' | 'targetBefore' | 'targetAfter' | 'dependsOn'
>;

/** Each leg's client order id, or '' for a leg the caller does not expect (see `unplanned`). */
export interface LegOrderIds {
  open: string;
  close: string;
  increase: string;
  reduce: string;
}

export interface TargetUpdate {
  bookKey: string;
  outboxKey: string;
  /** Where the legs' kick goes, in the same step (`redisKeys.copyKicks`). */
  kickStreamKey: string;
  /** The executor's kick: whose outbox, and the fill it answers. */
  kick: { followerAccountId: string; symbol: string; correlationId: string };
  /** The decision's trace context, carried with the kick (tracing on). */
  trace?: TraceCarrier;
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
  /** Kept with what the step commits, for a replay of the fill to record (`decision-record.ts`). */
  decision?: KeptDecision;
}

/** Where a target step keeps its decision: the follower's decisions hash, the fill's slot in it. */
export interface KeptDecision {
  key: string;
  field: string;
  ttlMs: number;
  note: DecisionNote;
}

export type TargetUpdateResult =
  | { outcome: 'applied'; seq: number; totalBefore: number; legs: OrderLeg[] }
  | { outcome: 'stale'; lastSeq: number; lastCids: string[] }
  | { outcome: 'moved'; lastTarget: number }
  /** A leg was needed whose id was left out (the total moved since it was read): nothing changed. */
  | { outcome: 'unplanned' };

export interface TargetScript {
  apply(update: TargetUpdate): Promise<TargetUpdateResult>;
  /** Many updates in one script call, each its own atomic step with its own result or error. */
  applyMany(updates: readonly TargetUpdate[]): Promise<Settled<TargetUpdateResult>[]>;
}

const COMMAND = 'ctApplyTargets';
const cids = z.array(z.string());

// Without a decision to keep, the third key is never touched; the book stands in for it.
const keysOf = (u: TargetUpdate): string[] => [
  u.bookKey,
  u.outboxKey,
  u.decision?.key ?? u.bookKey,
  u.kickStreamKey,
];

const argsOf = (u: TargetUpdate): (string | number)[] => [
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
  u.decision === undefined ? '' : JSON.stringify(u.decision.note),
  u.decision?.field ?? '',
  u.decision?.ttlMs ?? '',
  JSON.stringify(u.kick),
  u.trace === undefined ? '' : JSON.stringify(u.trace),
];
const ARGS_PER_UPDATE = 18;

const LEG_FIELDS = 5;

/**
 * The script's reply; an applied update's legs are rebuilt from its context, its ids and the few
 * fields the script returns for each (their JSON stays in the outbox): echoing and parsing whole
 * legs back cost more than deciding the follow.
 */
function parseReply(raw: unknown, u: TargetUpdate): TargetUpdateResult {
  const [code, value, cidsJson, totalBefore, totalAfter, ...fields] = raw as [
    number,
    number,
    string,
    number,
    number,
    ...(string | number)[],
  ];
  if (code === 0) return { outcome: 'stale', lastSeq: value, lastCids: cids.parse(JSON.parse(cidsJson)) };
  if (code === 2) return { outcome: 'moved', lastTarget: value };
  if (code === 3) return { outcome: 'unplanned' };
  const legs: OrderLeg[] = [];
  for (let i = 0; i < fields.length; i += LEG_FIELDS) {
    const kind = fields[i] as LegKind;
    const dependsOn = fields[i + 4] as LegKind | '';
    const leg: OrderLeg = {
      ...u.context,
      side: fields[i + 1] as OrderLeg['side'],
      size: fields[i + 2] as number,
      reduceOnly: fields[i + 3] === 1,
      leg: kind,
      clientOrderId: u.orderIds[kind],
      targetBefore: totalBefore,
      targetAfter: totalAfter,
    };
    if (dependsOn !== '') leg.dependsOn = u.orderIds[dependsOn];
    legs.push(leg);
  }
  return { outcome: 'applied', seq: value, totalBefore, legs };
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Registers `apply-target-4.lua` on a connection (EVALSHA, loaded on first use), run once per update
 * of a batch in one script call (`batchedLua`).
 */
export function loadTargetScript(redis: Redis): TargetScript {
  redis.defineCommand(COMMAND, {
    lua: batchedLua(
      readFileSync(new URL('./apply-target-4.lua', import.meta.url), 'utf8'),
      4,
      ARGS_PER_UPDATE,
    ),
  });
  const call = (redis as unknown as Record<string, ScriptCall>)[COMMAND]!.bind(redis);
  const applyMany = async (updates: readonly TargetUpdate[]) =>
    settleBatched(
      await call(...batchedArgs(updates.map((u) => ({ keys: keysOf(u), args: argsOf(u) })))),
      updates.length,
      (reply, i) => parseReply(reply, updates[i]!),
    );
  return {
    async apply(u) {
      const [settled] = await applyMany([u]);
      if (!settled!.ok) throw settled!.error;
      return settled!.value;
    },
    applyMany,
  };
}

import { readFileSync } from 'node:fs';
import { type OrderLeg, orderLeg } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';

/** The leg fields the script fills in; the caller supplies everything else. */
export type LegContext = Omit<
  OrderLeg,
  'side' | 'size' | 'reduceOnly' | 'leg' | 'clientOrderId' | 'targetBefore' | 'targetAfter'
>;

export interface LegOrderIds {
  open: string;
  close: string;
  increase: string;
  reduce: string;
}

export interface TargetUpdate {
  stateKey: string;
  outboxKey: string;
  seq: number;
  target: number;
  context: LegContext;
  orderIds: LegOrderIds;
}

export type TargetUpdateResult =
  | { applied: true; seq: number; legs: OrderLeg[] }
  | { applied: false; lastSeq: number; lastCids: string[] };

export interface TargetScript {
  apply(update: TargetUpdate): Promise<TargetUpdateResult>;
}

const COMMAND = 'ctApplyTarget';
const cids = z.array(z.string());

/** Registers `apply-target-2.lua` on a connection (EVALSHA, loaded on first use). */
export function loadTargetScript(redis: Redis): TargetScript {
  redis.defineCommand(COMMAND, {
    numberOfKeys: 2,
    lua: readFileSync(new URL('./apply-target-2.lua', import.meta.url), 'utf8'),
  });
  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  const call = commands[COMMAND]!.bind(redis);
  return {
    async apply(u) {
      const reply = (await call(
        u.stateKey,
        u.outboxKey,
        u.seq,
        u.target,
        JSON.stringify(u.context),
        u.orderIds.open,
        u.orderIds.close,
        u.orderIds.increase,
        u.orderIds.reduce,
      )) as [number, number, string, ...string[]];
      const [applied, seq, cidsJson, ...legs] = reply;
      if (applied === 0) return { applied: false, lastSeq: seq, lastCids: cids.parse(JSON.parse(cidsJson)) };
      return { applied: true, seq, legs: legs.map((leg) => orderLeg.parse(JSON.parse(leg))) };
    },
  };
}

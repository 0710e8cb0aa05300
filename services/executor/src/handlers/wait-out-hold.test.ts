import { describe, expect, it } from 'vitest';
import { DrainBusy, OutboxHeld } from '../errors/drain-signals.ts';
import { type HoldOutcome, waitOutHold } from './wait-out-hold.ts';

/** A drain that meets a hold `heldFor` times, then returns 'done'. */
function drainHeld(heldFor: number) {
  let calls = 0;
  return {
    calls: () => calls,
    drain: async () => {
      calls += 1;
      if (calls <= heldFor) throw new OutboxHeld('held');
      return 'done';
    },
  };
}

describe('waitOutHold', () => {
  it('looks again while the outbox is held and counts the hold once it is drained', async () => {
    const outcomes: HoldOutcome[] = [];
    const d = drainHeld(3);
    expect(await waitOutHold(d.drain, 1_000, (o) => outcomes.push(o))).toBe('done');
    expect(d.calls()).toBe(4);
    expect(outcomes).toEqual(['drained']);
  });

  it('counts nothing when the outbox was free', async () => {
    const outcomes: HoldOutcome[] = [];
    expect(await waitOutHold(drainHeld(0).drain, 1_000, (o) => outcomes.push(o))).toBe('done');
    expect(outcomes).toEqual([]);
  });

  it('throws the hold once the wait is spent', async () => {
    const outcomes: HoldOutcome[] = [];
    const d = drainHeld(Number.POSITIVE_INFINITY);
    const started = performance.now();
    await expect(waitOutHold(d.drain, 40, (o) => outcomes.push(o))).rejects.toBeInstanceOf(OutboxHeld);
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    expect(d.calls()).toBeGreaterThan(1);
    expect(outcomes).toEqual(['still_held']);
  });

  it('with no wait, throws the first hold at once', async () => {
    const d = drainHeld(1);
    await expect(waitOutHold(d.drain, 0, () => {})).rejects.toBeInstanceOf(OutboxHeld);
    expect(d.calls()).toBe(1);
  });

  it('passes any other error through at once, a busy drain of this process included', async () => {
    let calls = 0;
    const busy = async () => {
      calls += 1;
      throw new DrainBusy('outbox is being drained by a stalled drain of this executor');
    };
    await expect(waitOutHold(busy, 1_000, () => {})).rejects.toBeInstanceOf(DrainBusy);
    expect(calls).toBe(1);
  });
});

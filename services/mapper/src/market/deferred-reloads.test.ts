import type { CopyPathGate } from '@copytrade/runtime';
import { describe, expect, it } from 'vitest';
import { createDeferredReloads } from './deferred-reloads.ts';

/** A gate the test opens by hand: each `wait` resolves when `open` is called. */
function manualGate() {
  const waiters: (() => void)[] = [];
  const gate: CopyPathGate = { wait: () => new Promise((resolve) => waiters.push(() => resolve(0))) };
  return {
    gate,
    get waiting() {
      return waiters.length;
    },
    open: () => waiters.shift()?.(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('deferred reloads', () => {
  it('holds reloads while the copy path is busy, then runs them a group at a time, asking the gate before each', async () => {
    const g = manualGate();
    const reloads = createDeferredReloads({ gate: g.gate, concurrency: 2 });
    const ran: number[] = [];
    for (let i = 0; i < 5; i++)
      reloads.schedule(async () => {
        ran.push(i);
      });
    await tick();
    expect(ran).toEqual([]);
    expect(reloads.waiting).toBe(5);
    g.open();
    await tick();
    expect(ran).toEqual([0, 1]);
    // The next group waits for the gate again: a burst that started meanwhile goes first.
    expect(g.waiting).toBe(1);
    g.open();
    await tick();
    g.open();
    await tick();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(reloads.waiting).toBe(0);
    expect(g.waiting).toBe(0);
  });

  it('runs the others when one reload fails, and starts again for reloads scheduled later', async () => {
    const g = manualGate();
    const reloads = createDeferredReloads({ gate: g.gate, concurrency: 4 });
    const ran: string[] = [];
    reloads.schedule(() => Promise.reject(new Error('exchange down')));
    reloads.schedule(async () => {
      ran.push('b');
    });
    await tick();
    g.open();
    await tick();
    expect(ran).toEqual(['b']);
    reloads.schedule(async () => {
      ran.push('c');
    });
    await tick();
    g.open();
    await tick();
    expect(ran).toEqual(['b', 'c']);
  });

  it('refuses a concurrency that runs nothing', () => {
    expect(() => createDeferredReloads({ gate: manualGate().gate, concurrency: 0 })).toThrow(/concurrency/);
  });
});

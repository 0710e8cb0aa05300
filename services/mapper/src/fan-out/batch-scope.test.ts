import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BatchScope, type Settled } from './batch-scope.ts';

const echo = (flushes: number[][]) => async (inputs: number[]) => {
  flushes.push(inputs);
  return inputs.map(
    (i): Settled<number> =>
      i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 10 },
  );
};

describe('BatchScope', () => {
  it('sends a step once every running task has reached it, a slow task included', async () => {
    const scope = new BatchScope();
    const flushes: number[][] = [];
    const double = scope.step(echo(flushes));
    const results = await scope.all(
      [1, 2, 3].map((i) => async () => {
        // Task 3 waits on something else first (a cold cache): the step waits for it.
        if (i === 3) await sleep(20);
        return double(i);
      }),
    );
    expect(results).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('batches each later step again, without the tasks that already ended', async () => {
    const scope = new BatchScope();
    const flushes: number[][] = [];
    const step = scope.step(echo(flushes));
    await scope.all(
      [1, 2, 3].map((i) => async () => {
        const first = await step(i);
        if (i === 2) return first;
        return step(first);
      }),
    );
    expect(flushes).toEqual([
      [1, 2, 3],
      [10, 30],
    ]);
  });

  it('fails only the call whose result failed, and every call of a failed flush', async () => {
    const scope = new BatchScope();
    const ok = scope.step(echo([]));
    const settled = await scope.all(
      [1, -1, 2].map(
        (i) => () =>
          ok(i).then(
            (v) => v,
            (e: Error) => e.message,
          ),
      ),
    );
    expect(settled).toEqual([10, 'bad -1', 20]);
    const second = new BatchScope();
    const lost = second.step<number, number>(async () => {
      throw new Error('connection lost');
    });
    const errors = await second.all([1, 2].map((i) => () => lost(i).catch((e: Error) => e.message)));
    expect(errors).toEqual(['connection lost', 'connection lost']);
  });
});

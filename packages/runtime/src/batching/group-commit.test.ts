import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A commit that records its batches and can be held open to let the next items queue up. */
function recorder(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  let held: Promise<void> | null = null;
  return {
    batches,
    hold() {
      held = new Promise((done) => {
        release = done;
      });
    },
    release: () => {
      held = null;
      release();
    },
    async commit(items: number[]): Promise<string[]> {
      batches.push(items);
      if (held) await held;
      if (items.some(fail)) throw new Error(`bad item among ${items.join(',')}`);
      return items.map((item) => `r${item}`);
    },
  };
}

describe('group commit', () => {
  it('with a linger, holds the first item that long so the items that follow join its batch', async () => {
    const store = recorder();
    const group = createGroupCommit({
      maxBatch: 10,
      lingerMs: 60,
      commit: (items: number[]) => store.commit(items),
    });
    const first = group.submit(0);
    await new Promise((done) => setTimeout(done, 15));
    const second = group.submit(1);
    expect(store.batches).toEqual([]);
    expect(await Promise.all([first, second])).toEqual(['r0', 'r1']);
    expect(store.batches).toEqual([[0, 1]]);
  });

  it('without a linger, commits a lone item at the next turn', async () => {
    const store = recorder();
    const group = createGroupCommit({ maxBatch: 10, commit: (items: number[]) => store.commit(items) });
    const first = group.submit(0);
    await new Promise((done) => setTimeout(done, 15));
    const second = group.submit(1);
    expect(await Promise.all([first, second])).toEqual(['r0', 'r1']);
    expect(store.batches).toEqual([[0], [1]]);
  });

  it('commits the items submitted while a batch commits together, in order, up to maxBatch', async () => {
    const store = recorder();
    const group = createGroupCommit({ maxBatch: 3, commit: (items: number[]) => store.commit(items) });
    store.hold();
    const first = group.submit(0);
    await expect.poll(() => store.batches.length).toBe(1);
    const rest = [1, 2, 3, 4, 5, 6, 7].map((item) => group.submit(item));
    store.release();
    expect(await Promise.all([first, ...rest])).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    expect(store.batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('takes the items submitted in one turn as one batch', async () => {
    const store = recorder();
    const group = createGroupCommit({ maxBatch: 10, commit: (items: number[]) => store.commit(items) });
    expect(await Promise.all([1, 2, 3].map((item) => group.submit(item)))).toEqual(['r1', 'r2', 'r3']);
    expect(store.batches).toEqual([[1, 2, 3]]);
  });

  it('commits a failed batch again in halves, in order, so only the bad item fails', async () => {
    const store = recorder((item) => item === 2);
    const group = createGroupCommit({ maxBatch: 10, commit: (items: number[]) => store.commit(items) });
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((item) => group.submit(item)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'failed'))).toEqual([
      'r1',
      'failed',
      'r3',
      'r4',
      'r5',
    ]);
    expect(store.batches).toEqual([[1, 2, 3, 4, 5], [1, 2, 3], [1, 2], [1], [2], [3], [4, 5]]);
  });

  it('refuses a commit that answers for the wrong number of items', async () => {
    await expect(createGroupCommit({ maxBatch: 1, commit: async () => [] }).submit(1)).rejects.toThrow(
      'commit returned 0 results for 1 items',
    );
  });

  it('settles every item once, with its own result, whatever the arrivals and failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(20), fc.boolean()), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (arrivals, maxBatch) => {
          const bad = new Set(arrivals.flatMap(([, isBad], i) => (isBad ? [i] : [])));
          const store = recorder((item) => bad.has(item));
          const group = createGroupCommit({ maxBatch, commit: (items: number[]) => store.commit(items) });
          const outcomes = await Promise.allSettled(
            arrivals.map(async ([delay], i) => {
              await new Promise((done) => setTimeout(done, delay % 3));
              return group.submit(i);
            }),
          );
          outcomes.forEach((outcome, i) => {
            if (bad.has(i)) expect(outcome.status).toBe('rejected');
            else expect(outcome).toEqual({ status: 'fulfilled', value: `r${i}` });
          });
          for (const batch of store.batches) expect(batch.length).toBeLessThanOrEqual(maxBatch);
          // Each good item committed in exactly one successful batch.
          const committed = store.batches.filter((b) => !b.some((item) => bad.has(item))).flat();
          expect(committed.sort((a, b) => a - b)).toEqual(
            arrivals.flatMap((_, i) => (bad.has(i) ? [] : [i])),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('awaits beforeBatch before taking each batch: what arrives meanwhile joins it', async () => {
    const r = recorder();
    let open: () => void = () => undefined;
    let gates = 0;
    const group = createGroupCommit<number, string>({
      maxBatch: 100,
      commit: (items) => r.commit(items),
      beforeBatch: () => {
        gates += 1;
        return gates === 1 ? new Promise<void>((done) => (open = done)) : Promise.resolve();
      },
    });
    const first = group.submit(1);
    await new Promise((done) => setImmediate(done));
    const later = [2, 3, 4].map((n) => group.submit(n));
    expect(r.batches).toEqual([]);
    open();
    expect(await Promise.all([first, ...later])).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(r.batches).toEqual([[1, 2, 3, 4]]);
  });
});

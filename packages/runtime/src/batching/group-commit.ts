export interface GroupCommitOptions<Item, Result> {
  /** Items committed together at most. */
  maxBatch: number;
  /** Commits a batch; returns one result per item, in the items' order. */
  commit(items: Item[]): Promise<Result[]>;
  /**
   * How long the first item to arrive while nothing commits waits for others before its batch commits
   * (0, the default: the next turn). Items that arrive while a batch commits never wait longer.
   */
  lingerMs?: number;
  /** Awaited before each batch is taken: what is submitted meanwhile joins it (a gate, a pause). */
  beforeBatch?: () => Promise<unknown>;
}

export interface GroupCommit<Item, Result> {
  /** Resolves once the batch holding the item committed; rejects when the item could not be. */
  submit(item: Item): Promise<Result>;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted while a batch commits wait together and go in the next batch, so
 * one commit at a time carries as many items as arrived meanwhile (up to `maxBatch`), without a
 * timer: a lone item is committed at once. Batches commit one after the other, in submission order.
 * A batch that fails is committed again in halves, down to single items, so a bad item fails only
 * itself and the others still commit, in their order.
 */
export function createGroupCommit<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommit<Item, Result> {
  const queue: Array<Waiting<Item, Result>> = [];
  let draining = false;

  async function run(batch: Array<Waiting<Item, Result>>): Promise<void> {
    try {
      const results = await options.commit(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`commit returned ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => {
        w.resolve(results[i] as Result);
      });
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // Halves, in order: a bad item is found in about log2(n) commits, not n.
      const half = Math.ceil(batch.length / 2);
      await run(batch.slice(0, half));
      await run(batch.slice(half));
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        await options.beforeBatch?.();
        const batch = queue.splice(0, options.maxBatch);
        await run(batch);
      }
    } finally {
      draining = false;
    }
  }

  return {
    submit(item) {
      return new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Started on the next turn (or after the linger) so the items submitted meanwhile join the first batch.
        if (!draining) {
          draining = true;
          if (options.lingerMs) setTimeout(() => void drain(), options.lingerMs);
          else setImmediate(() => void drain());
        }
      });
    },
  };
}

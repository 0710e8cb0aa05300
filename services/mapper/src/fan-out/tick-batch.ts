import { AsyncResource } from 'node:async_hooks';

/** One call's share of a batch: its result, or the error that failed it alone. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

/**
 * Turns a batch operation into a per-call function: the calls made while the followers of a batch
 * run side by side (up to the end of the current tick) go out as one `flush`, so a batch of
 * decisions costs one round trip per step instead of one per follower. Each call gets its own
 * result or error; a failed flush fails every call in it.
 *
 * The flush runs in the async context the batcher was made in (the fan-out's, not the first
 * caller's), so what it traces or logs belongs to the fill, not to one follower.
 */
export function tickBatch<I, O>(flush: (inputs: I[]) => Promise<Settled<O>[]>): (input: I) => Promise<O> {
  let pending: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  const send = AsyncResource.bind(async () => {
    const calls = pending;
    pending = [];
    try {
      const results = await flush(calls.map((c) => c.input));
      calls.forEach((call, i) => {
        const r = results[i];
        if (r === undefined) call.reject(new Error('batch returned fewer results than calls'));
        else if (r.ok) call.resolve(r.value);
        else call.reject(r.error);
      });
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  });
  return (input) =>
    new Promise<O>((resolve, reject) => {
      // The first call of a batch schedules its flush after this tick's promise jobs: every
      // follower already on its way to the same step joins it.
      if (pending.length === 0) process.nextTick(send);
      pending.push({ input, resolve, reject });
    });
}

/** `exec` results of an ioredis pipeline as settled values. */
export function settlePipeline<O>(
  results: [Error | null, unknown][] | null,
  count: number,
  parse: (reply: unknown) => O,
): Settled<O>[] {
  if (results === null) throw new Error('pipeline aborted');
  return Array.from({ length: count }, (_, i) => {
    const [error, reply] = results[i] ?? [new Error('no pipeline reply'), undefined];
    if (error) return { ok: false, error };
    try {
      return { ok: true, value: parse(reply) };
    } catch (parseError) {
      return { ok: false, error: parseError };
    }
  });
}

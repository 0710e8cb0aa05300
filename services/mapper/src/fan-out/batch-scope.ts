import { AsyncResource } from 'node:async_hooks';

/** One call's share of a batch: its result, or the error that failed it alone. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Call<I, O> {
  input: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

/**
 * Runs a batch of follows' decisions side by side and sends their Redis and queue steps together:
 * a step's calls wait until every decision still running has reached a step (or finished), then
 * each step with calls goes out as one `flush`. A decision held up elsewhere (a cold cache loading
 * from the exchange) is waited for, so it joins its batch instead of costing a round trip of its
 * own. Each call gets its own result or error; a failed flush fails every call in it.
 *
 * Flushes run in the async context the scope was made in (the fan-out's, not the first caller's),
 * so what they trace or log belongs to the fill, not to one follower.
 */
export class BatchScope {
  #running = 0;
  #checkScheduled = false;
  readonly #stages: { flushPending(): void }[] = [];
  readonly #check = AsyncResource.bind(() => {
    this.#checkScheduled = false;
    if (this.#running > 0) return;
    for (const stage of this.#stages) stage.flushPending();
  });

  /** Runs every task, counted as running until it waits on a step or ends. */
  all<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
    this.#running += tasks.length;
    return Promise.all(
      tasks.map((task) =>
        task().finally(() => {
          this.#running -= 1;
          this.#scheduleCheck();
        }),
      ),
    );
  }

  /** A batched step: `flush` gets the inputs of every call waiting when the batch is quiet. */
  step<I, O>(flush: (inputs: I[]) => Promise<Settled<O>[]>): (input: I) => Promise<O> {
    let pending: Call<I, O>[] = [];
    const resume = (fn: () => void) => {
      this.#running += 1;
      fn();
    };
    this.#stages.push({
      flushPending: () => {
        if (pending.length === 0) return;
        const calls = pending;
        pending = [];
        flush(calls.map((c) => c.input)).then(
          (results) =>
            calls.forEach((call, i) => {
              const r = results[i];
              if (r === undefined)
                resume(() => call.reject(new Error('batch returned fewer results than calls')));
              else if (r.ok) resume(() => call.resolve(r.value));
              else resume(() => call.reject(r.error));
            }),
          (error: unknown) => {
            for (const call of calls) resume(() => call.reject(error));
          },
        );
      },
    });
    return (input) =>
      new Promise<O>((resolve, reject) => {
        pending.push({ input, resolve, reject });
        this.#running -= 1;
        this.#scheduleCheck();
      });
  }

  #scheduleCheck() {
    if (this.#checkScheduled) return;
    this.#checkScheduled = true;
    process.nextTick(this.#check);
  }
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

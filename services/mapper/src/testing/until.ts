import { setTimeout as sleep } from 'node:timers/promises';

/** How the simulator's request log names a balance read. */
export const BALANCES_REQUEST = 'GET /v2/wallet/balances';

/** Reads until `done` holds, every 10 ms for up to 5 s; the timeout names what was awaited and the last value. */
export async function until<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}`);
    await sleep(10);
  }
}

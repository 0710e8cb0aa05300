import type { Settled } from '../fan-out/batch-scope.ts';

/**
 * A script that runs `body` (a one-call script reading its own `KEYS` and `ARGV`) once per call of a
 * batch, as one EVALSHA: a batch's calls cost one command to build, send and decode instead of one
 * each. Each call is still its own step with its own result: a Lua error in one (caught by `pcall`)
 * fails that call alone and keeps the writes it made before failing, as the one-call script would.
 * The batch runs atomically as a whole, which only narrows what other clients can see between calls.
 * KEYS: the calls' keys one after the other; ARGV[1] the number of calls, then the calls' arguments.
 * Returns per call `{ 1, reply }`, or `{ 0, message }` when it failed.
 */
export function batchedLua(body: string, keysPerCall: number, argsPerCall: number): string {
  return `local function one(KEYS, ARGV)
${body}
end
local replies = {}
for i = 0, tonumber(ARGV[1]) - 1 do
  local keys = { unpack(KEYS, i * ${keysPerCall} + 1, (i + 1) * ${keysPerCall}) }
  local args = { unpack(ARGV, i * ${argsPerCall} + 2, (i + 1) * ${argsPerCall} + 1) }
  local ok, reply = pcall(one, keys, args)
  if ok then
    replies[i + 1] = { 1, reply }
  else
    replies[i + 1] = { 0, type(reply) == 'table' and (reply.err or 'script error') or tostring(reply) }
  end
end
return replies
`;
}

/** The EVALSHA arguments of a batch: the key count, every call's keys, the call count, every call's arguments. */
export function batchedArgs(
  calls: readonly { keys: readonly (string | number)[]; args: readonly (string | number)[] }[],
): (string | number)[] {
  const keys: (string | number)[] = [];
  const args: (string | number)[] = [calls.length];
  for (const c of calls) {
    for (const k of c.keys) keys.push(k);
    for (const a of c.args) args.push(a);
  }
  return [keys.length, ...keys, ...args];
}

/** A batched script's reply as settled values, parsed per call. */
export function settleBatched<O>(
  reply: unknown,
  count: number,
  parse: (reply: unknown, index: number) => O,
): Settled<O>[] {
  const replies = reply as [number, unknown][];
  return Array.from({ length: count }, (_, i) => {
    const r = replies[i];
    if (r === undefined) return { ok: false, error: new Error('no script reply') };
    if (r[0] !== 1) return { ok: false, error: new Error(String(r[1])) };
    try {
      return { ok: true, value: parse(r[1], i) };
    } catch (error) {
      return { ok: false, error };
    }
  });
}

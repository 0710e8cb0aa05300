import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandStats, redisCallsBetween, serverCallsPerCopy } from './server-calls.ts';

// As Redis 7 prints it (`INFO commandstats`), section header and CRLFs included.
const INFO_BEFORE =
  '# Commandstats\r\n' +
  'cmdstat_evalsha:calls=100,usec=8000,usec_per_call=80.00,rejected_calls=0,failed_calls=0\r\n' +
  'cmdstat_hmget:calls=40,usec=60,usec_per_call=1.50,rejected_calls=0,failed_calls=0\r\n' +
  'cmdstat_client|setname:calls=2,usec=3,usec_per_call=1.50,rejected_calls=0,failed_calls=0\r\n';
const INFO_AFTER =
  '# Commandstats\r\n' +
  'cmdstat_evalsha:calls=130,usec=10400,usec_per_call=80.00,rejected_calls=0,failed_calls=0\r\n' +
  'cmdstat_hmget:calls=40,usec=60,usec_per_call=1.50,rejected_calls=0,failed_calls=0\r\n' +
  'cmdstat_client|setname:calls=2,usec=3,usec_per_call=1.50,rejected_calls=0,failed_calls=0\r\n' +
  'cmdstat_xadd:calls=50,usec=200,usec_per_call=4.00,rejected_calls=0,failed_calls=0\r\n';

describe('parseCommandStats', () => {
  it("reads each command's calls and µs, subcommands included", () => {
    const stats = parseCommandStats(INFO_BEFORE);
    expect(stats.get('evalsha')).toEqual({ calls: 100, usec: 8000 });
    expect(stats.get('client|setname')).toEqual({ calls: 2, usec: 3 });
    expect(stats.size).toBe(3);
  });

  it('refuses a line it cannot read rather than count it as nothing', () => {
    expect(() => parseCommandStats('cmdstat_get:calls=x,usec=1')).toThrow('unreadable commandstats line');
  });
});

describe('redisCallsBetween', () => {
  it("counts what ran between two readings: commands, scripts among them, and the scripts' µs", () => {
    const calls = redisCallsBetween(parseCommandStats(INFO_BEFORE), parseCommandStats(INFO_AFTER));
    expect(calls).toEqual({
      redisCommands: 80,
      redisScripts: 30,
      redisScriptUsec: 2400,
      redisCallsByCommand: { xadd: 50, evalsha: 30 },
    });
    expect(serverCallsPerCopy({ ...calls, postgresTransactions: 20 }, 10)).toEqual({
      redisCommands: 8,
      redisScripts: 3,
      redisScriptUsec: 240,
      postgresTransactions: 2,
    });
  });

  it('adds up to the difference of the totals, whatever ran in between', () => {
    const counts = fc.dictionary(
      fc.constantFrom('evalsha', 'eval', 'get', 'set', 'xadd', 'bzpopmin'),
      fc.record({ calls: fc.nat(1e6), usec: fc.nat(1e7) }),
    );
    fc.assert(
      fc.property(counts, counts, (start, added) => {
        const before = new Map(Object.entries(start));
        const after = new Map(
          [...new Set([...Object.keys(start), ...Object.keys(added)])].map((name) => {
            const b = start[name] ?? { calls: 0, usec: 0 };
            const d = added[name] ?? { calls: 0, usec: 0 };
            return [name, { calls: b.calls + d.calls, usec: b.usec + d.usec }];
          }),
        );
        const calls = redisCallsBetween(before, after);
        const sum = (pick: (c: { calls: number; usec: number }) => number, names?: string[]) =>
          Object.entries(added)
            .filter(([name, c]) => c.calls > 0 && (!names || names.includes(name)))
            .reduce((total, [, c]) => total + pick(c), 0);
        expect(calls.redisCommands).toBe(sum((c) => c.calls));
        expect(calls.redisScripts).toBe(sum((c) => c.calls, ['evalsha', 'eval']));
        expect(calls.redisScriptUsec).toBe(sum((c) => c.usec, ['evalsha', 'eval']));
        const byCommand = Object.values(calls.redisCallsByCommand);
        expect(byCommand).toEqual([...byCommand].sort((x, y) => y - x));
      }),
    );
  });

  it('refuses counts that went back (statistics reset in between)', () => {
    expect(() => redisCallsBetween(parseCommandStats(INFO_AFTER), parseCommandStats(INFO_BEFORE))).toThrow(
      'statistics were reset',
    );
  });
});

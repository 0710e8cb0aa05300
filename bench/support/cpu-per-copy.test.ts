import { describe, expect, it } from 'vitest';
import { countPerCopy } from './cpu-per-copy.ts';

describe('countPerCopy', () => {
  it("divides each process's count by the copies, leaving out the baseline and what was not read", () => {
    const resources = {
      executor: { writeSyscalls: 30, wakeups: 20 },
      mapper: { writeSyscalls: 10, wakeups: null },
      audit: null,
      listener: {},
      baseline: { writeSyscalls: 500, wakeups: 500 },
    };
    expect(countPerCopy(resources, 'writeSyscalls', 10)).toEqual({ executor: 3, mapper: 1 });
    expect(countPerCopy(resources, 'wakeups', 10)).toEqual({ executor: 2 });
    // No copy at all: counts per one, not a division by zero.
    expect(countPerCopy(resources, 'wakeups', 0)).toEqual({ executor: 20 });
  });
});

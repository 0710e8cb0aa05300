import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads.ts';

function stage(maxAgeMs: number) {
  let clock = 0;
  const calls: string[] = [];
  let fail = false;
  const reads = new SharedReads(
    async (id: string) => {
      calls.push(id);
      if (fail) throw new Error('exchange down');
      return `${id}@${clock}`;
    },
    maxAgeMs,
    () => clock,
  );
  return {
    reads,
    calls,
    advance: (ms: number) => {
      clock += ms;
    },
    failNext: (v: boolean) => {
      fail = v;
    },
    now: () => clock,
  };
}

describe('shared exchange reads', () => {
  it('share one read per account while it is younger than the max age, in flight or done', async () => {
    const s = stage(1_000);
    const [a, b] = await Promise.all([s.reads.recent('m1'), s.reads.recent('m1')]);
    s.advance(999);
    const c = await s.reads.recent('m1');
    expect([a.value, b.value, c.value]).toEqual(['m1@0', 'm1@0', 'm1@0']);
    expect(s.calls).toEqual(['m1']);
    s.advance(2);
    expect((await s.reads.recent('m1')).value).toBe('m1@1001');
    expect((await s.reads.recent('m2')).value).toBe('m2@1001');
    expect(s.calls).toEqual(['m1', 'm1', 'm2']);
  });

  it('read again when asked for one sent after a moment the shared one predates', async () => {
    const s = stage(1_000);
    await s.reads.recent('m1');
    s.advance(10);
    const decidedAt = s.now();
    const after = await s.reads.sentAfter('m1', decidedAt);
    expect(after).toEqual({ value: 'm1@10', sentAt: 10 });
    // That read is now the shared one, and satisfies the same moment again.
    expect(await s.reads.sentAfter('m1', decidedAt)).toBe(after);
    expect(await s.reads.recent('m1')).toBe(after);
    expect(s.calls).toEqual(['m1', 'm1']);
  });

  it('never share a failed read', async () => {
    const s = stage(1_000);
    s.failNext(true);
    await expect(s.reads.recent('m1')).rejects.toThrow('exchange down');
    s.failNext(false);
    expect((await s.reads.recent('m1')).value).toBe('m1@0');
    expect(s.calls).toEqual(['m1', 'm1']);
  });
});

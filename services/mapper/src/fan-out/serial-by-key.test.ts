import { describe, expect, it } from 'vitest';
import { serialByKey } from './serial-by-key.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('serialByKey', () => {
  it('runs one key’s tasks in submission order, never two at once, and other keys alongside', async () => {
    const serial = serialByKey();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      serial.run('a', task('a1', 30)),
      serial.run('a', task('a2', 1)),
      serial.run('b', task('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(serial.size).toBe(0);
  });

  it('a failed task does not stop the next one of its key', async () => {
    const serial = serialByKey();
    const failed = serial.run('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(serial.run('a', async () => 'next')).resolves.toBe('next');
  });
});

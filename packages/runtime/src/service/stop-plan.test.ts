import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger/create-logger.ts';
import { createStopPlan } from './stop-plan.ts';

const logger = createLogger({ service: 'test', level: 'silent' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('stop plan', () => {
  it('runs the phases in order and, within one, the step added last first', async () => {
    const plan = createStopPlan(logger);
    const done: string[] = [];
    const step = (name: string) => async () => {
      await tick();
      done.push(name);
    };
    plan.add('connections', 'redis', step('redis'));
    plan.add('connections', 'postgres', step('postgres'));
    plan.add('queues', 'queue a', step('queue a'));
    plan.add('parts', 'directory', step('directory'));
    plan.add('health', 'health', step('health'));
    plan.add('queues', 'queue b', step('queue b'));
    plan.add('parts', 'flush', step('flush'));
    plan.add('intake', 'worker', step('worker'));
    await plan.run();
    expect(done).toEqual([
      'worker',
      'flush',
      'directory',
      'queue b',
      'queue a',
      'health',
      'postgres',
      'redis',
    ]);
  });

  it('stops every intake at once, and starts the next phase only when all of them are done', async () => {
    const plan = createStopPlan(logger);
    const events: string[] = [];
    let releaseSlow: () => void = () => {};
    plan.add('intake', 'fast worker', () => {
      events.push('fast worker closed');
    });
    plan.add('intake', 'slow worker', async () => {
      events.push('slow worker closing');
      await new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      events.push('slow worker closed');
    });
    plan.add('parts', 'flush', () => {
      events.push('flush');
    });
    const stopping = plan.run();
    await tick();
    // The slow one, added last, started first: the fast one did not wait behind it.
    expect(events).toEqual(['slow worker closing', 'fast worker closed']);
    releaseSlow();
    await stopping;
    expect(events).toEqual(['slow worker closing', 'fast worker closed', 'slow worker closed', 'flush']);
  });

  it('runs every step when some fail, then rejects naming each failure', async () => {
    const plan = createStopPlan(logger);
    const done: string[] = [];
    plan.add('connections', 'redis', () => {
      done.push('redis');
    });
    plan.add('queues', 'queue', () => {
      throw new Error('queue refused');
    });
    plan.add('parts', 'flush', () => {
      done.push('flush');
    });
    plan.add('intake', 'worker', async () => {
      throw new Error('worker refused');
    });
    const error = await plan.run().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(done).toEqual(['flush', 'redis']);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe(
      'stop: 2 step(s) failed: worker: worker refused; queue: queue refused',
    );
  });

  it('runs once however often it is asked, and refuses steps once stopping', async () => {
    const plan = createStopPlan(logger);
    let runs = 0;
    plan.add('parts', 'count', () => {
      runs += 1;
    });
    await Promise.all([plan.run(), plan.run()]);
    await plan.run();
    expect(runs).toBe(1);
    expect(() => plan.add('parts', 'late', () => {})).toThrow('already stopping');
  });
});

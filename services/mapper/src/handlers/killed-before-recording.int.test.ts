import { type AuditEvent, decisionFields } from '@copytrade/contracts';
import type { EventPublisher } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialByKey } from '../fan-out/serial-by-key.ts';
import { createMapperHarness, type MapperHarness } from '../testing/mapper-harness.ts';
import { seedCopyGroup } from '../testing/seed.ts';
import { until } from '../testing/until.ts';
import { mapMasterFill } from './map-master-fill.ts';

// A mapper that dies after a follow's target step (its legs queued, its kick sent) and before its
// decision reached the audit queue: the job's replay finds the seq applied and must still leave the
// decision in the audit trail, as the dead attempt would have recorded it.
let h: MapperHarness;

beforeAll(async () => {
  h = await createMapperHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The handler's deps with an audit queue that never takes an event: the process "dies" in there. */
function dyingBeforeRecording(): typeof h.deps {
  const never = () => new Promise<void>(() => {});
  const audit: EventPublisher<AuditEvent> = { publish: never, publishMany: never, flush: never };
  // Its own serial lanes: the stuck attempt must not hold the replay up, as a dead process would not.
  return { ...h.deps, audit, serial: serialByKey() };
}

const kicksOf = async (follower: string) =>
  (await h.queuedKicks()).filter((k) => k.followerAccountId === follower);

/** A master with one follower copying it 1:1. */
async function oneFollower() {
  const { master, followers } = await seedCopyGroup(h.seed, {
    followers: [{ settings: { mode: 'multiplier', multiplier: '1' } }],
  });
  return { master: master.accountId, follower: followers[0]!.accountId, followId: followers[0]!.followId };
}

/** Maps the fill on a mapper that dies before recording; resolves once the follow's target step ran. */
async function diesBeforeRecording(job: ReturnType<typeof h.fill>, follower: string) {
  void mapMasterFill(dyingBeforeRecording(), job);
  await until(
    () => h.target(follower),
    (t) => t !== null && t.lastSeq >= job.seq,
    'the follow applied',
  );
}

describe('a mapper killed between a follow’s target step and its audit event', () => {
  it('has the replay record the decision and the skip the dead attempt made, once', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        { settings: { mode: 'multiplier', multiplier: '2' } },
        { settings: { mode: 'multiplier', multiplier: '1', symbolDenyList: ['BTCUSD'] } },
      ],
    });
    const [copying, denying] = followers.map((f) => f.accountId) as [string, string];
    const job = h.fill(master.accountId, 1, 3);
    void mapMasterFill(dyingBeforeRecording(), job);
    await until(
      async () => [await h.target(copying), await h.target(denying), (await kicksOf(copying)).length],
      ([a, b, kicks]) => a !== null && b !== null && kicks === 1,
      'both follows applied and the kick sent',
    );
    const [leg] = await h.outbox(copying);
    expect(await h.auditOf('copy.decided', job, copying)).toBeUndefined();

    const replay = await mapMasterFill(h.deps, job);
    expect(replay.outcomes.map((o) => o.outcome)).toEqual(['stale', 'stale']);
    const master_ = { fillId: job.fillId, side: 'buy', size: 1, price: '60000' };
    expect((await h.auditOf('copy.decided', job, copying))?.payload).toEqual({
      followId: followers[0]!.followId,
      followerAccountId: copying,
      masterAccountId: master.accountId,
      symbol: 'BTCUSD',
      seq: 1,
      master: master_,
      targetBefore: 0,
      targetAfter: 6,
      action: 'open',
      legs: [{ clientOrderId: leg!.clientOrderId, side: 'buy', size: 6, reduceOnly: false, leg: 'open' }],
      totalBefore: 0,
      totalAfter: 6,
    });
    expect((await h.auditOf('copy.skipped', job, denying))?.payload).toMatchObject({
      followId: followers[1]!.followId,
      reason: 'symbol_denied',
      targetBefore: 0,
      targetAfter: 0,
      legs: [],
      totalBefore: 0,
      totalAfter: 0,
    });
    // The replay queued no second leg and no other kick.
    expect(await h.outbox(copying)).toHaveLength(1);
    expect(await kicksOf(copying)).toHaveLength(1);
    expect(await kicksOf(denying)).toHaveLength(0);
  });

  it('records the replayed fill’s own decision after the master traded on and a resync decided again', async () => {
    const { master, follower, followId } = await oneFollower();
    const job = h.fill(master, 1, 4);
    await diesBeforeRecording(job, follower);
    // Before the dead attempt's job runs again: two more fills, and exit-sync's resync at the last seq.
    await mapMasterFill(h.deps, h.fill(master, 2, 6));
    await mapMasterFill(h.deps, h.fill(master, 3, 2));
    const resync = h.fill(master, 3, 5, {
      fillId: 'resync-1',
      correlationId: 'resync-correlation-1',
      source: 'exit_sync',
      resync: 'position',
      followId,
    });
    await mapMasterFill(h.deps, resync);
    expect(await h.target(follower)).toEqual({ lastSeq: 3, lastTarget: 5 });

    expect((await mapMasterFill(h.deps, job)).outcomes.map((o) => o.outcome)).toEqual(['stale']);
    expect((await h.auditOf('copy.decided', job, follower))?.payload).toMatchObject({
      seq: 1,
      targetBefore: 0,
      targetAfter: 4,
      legs: [{ side: 'buy', size: 4, leg: 'open' }],
    });
    expect((await h.auditOf('copy.stale', job, follower))?.payload).toMatchObject({ seq: 1, lastSeq: 3 });
  });

  it('records nothing for a late fill that was never applied, nor for one whose slot a later fill took', async () => {
    const { master, follower } = await oneFollower();
    const late = h.fill(master, 1, 1);
    const lost = h.fill(master, 2, 2);
    await diesBeforeRecording(lost, follower);
    // As many later fills as there are slots: the last takes the lost fill's.
    for (let seq = 3; seq <= 2 + decisionFields.slots; seq++)
      await mapMasterFill(h.deps, h.fill(master, seq, seq));
    await mapMasterFill(h.deps, late);
    await mapMasterFill(h.deps, lost);
    expect(await h.auditOf('copy.decided', late, follower)).toBeUndefined();
    expect(await h.auditOf('copy.decided', lost, follower)).toBeUndefined();
    expect(await h.auditOf('copy.stale', lost, follower)).toBeDefined();
  });
});

describe('an audit enqueue that fails after a follow’s target step', () => {
  it('fails the follow alone, whose retry records the decision, so the trail loses none', async () => {
    const { master, follower, followId } = await oneFollower();
    const job = h.fill(master, 1, 3);
    let refusals = 0;
    const audit: EventPublisher<AuditEvent> = {
      ...h.deps.audit,
      publishMany: async (events) => {
        if (refusals === 0) {
          refusals += 1;
          throw new Error('Connection is closed.');
        }
        return h.deps.audit.publishMany(events);
      },
    };
    const first = await mapMasterFill({ ...h.deps, audit }, job);
    expect(refusals).toBe(1);
    // The copy went out all the same: its leg is queued and its kick sent.
    expect(await h.outbox(follower)).toHaveLength(1);
    expect(await kicksOf(follower)).toHaveLength(1);
    expect(first.retrying).toEqual([followId]);
    const retryJob = await h.retries.getJob(`mf_${master}_${job.fillId}_f_${followId}`);
    expect(retryJob?.data).toEqual({ ...job, followId });

    await mapMasterFill(h.deps, retryJob!.data);
    expect((await h.auditOf('copy.decided', job, follower))?.payload).toMatchObject({
      seq: 1,
      targetBefore: 0,
      targetAfter: 3,
    });
    expect(await h.outbox(follower)).toHaveLength(1);
    expect(await kicksOf(follower)).toHaveLength(1);
  });
});

describe('a fill whose decisions are still being queued', () => {
  it('holds up neither the next fill of its master nor anything but its own end', async () => {
    const { master, follower } = await oneFollower();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = true;
    const audit: EventPublisher<AuditEvent> = {
      ...h.deps.audit,
      // The first fill's events wait (a slow queue add); the second's go as usual.
      publishMany: async (events) => {
        if (holding) {
          holding = false;
          await held;
        }
        return h.deps.audit.publishMany(events);
      },
    };
    const deps = { ...h.deps, audit };
    const first = h.fill(master, 1, 2);
    let firstDone = false;
    const firstMapped = mapMasterFill(deps, first).then(() => {
      firstDone = true;
    });
    // The second fill of the same master and symbol decides and commits while the first's events wait.
    await mapMasterFill(deps, h.fill(master, 2, 5));
    expect(await h.target(follower)).toMatchObject({ lastSeq: 2, lastTarget: 5 });
    // The first fill is not done (its stream entry stays unacknowledged) until its events are queued.
    expect(firstDone).toBe(false);
    expect(await h.auditOf('copy.decided', first, follower)).toBeUndefined();
    release();
    await firstMapped;
    expect((await h.auditOf('copy.decided', first, follower))?.payload).toMatchObject({ targetAfter: 2 });
  });
});

import type { AuditEventType, NotificationKind } from '@copytrade/contracts';
import { describe, expect, it } from 'vitest';
import type { FeedEvent } from './feed-event.ts';
import { kindsOf, matchEvent } from './match-event.ts';
import type { Subscriber } from './subscriber.ts';

const ids = {
  aliceMaster: '00000000-0000-4000-8000-00000000000a',
  aliceFollower: '00000000-0000-4000-8000-00000000000b',
  bobFollower: '00000000-0000-4000-8000-00000000000c',
  aliceFollow: '00000000-0000-4000-8000-0000000000f1',
  bobFollow: '00000000-0000-4000-8000-0000000000f2',
};

function event(
  type: AuditEventType,
  payload: Record<string, unknown>,
  accountId: string | null = null,
): FeedEvent {
  return {
    seq: 1n,
    eventId: `e-${type}`,
    type,
    occurredAt: new Date(0),
    correlationId: null,
    accountId,
    payload,
  };
}

function subscriber(over: Partial<Omit<Subscriber, 'kinds'>> & { kinds: NotificationKind[] }): Subscriber {
  return {
    subscriptionId: 's',
    userId: 'alice',
    channel: 'webhook',
    destinationId: 'endpoint-a',
    seesEveryone: false,
    accountIds: new Set([ids.aliceMaster, ids.aliceFollower]),
    follows: null,
    ...over,
    kinds: new Set(over.kinds),
  };
}

const accepted = (follower: string) =>
  event('order.accepted', { followerAccountId: follower, masterAccountId: ids.aliceMaster }, follower);

describe('kindsOf', () => {
  it('tells a master exit from a master fill by the position after it', () => {
    expect(kindsOf(event('master_fill.recorded', { positionAfter: 3 }))).toEqual(['master_fill']);
    expect(kindsOf(event('master_fill.recorded', { positionAfter: 0 }))).toEqual([
      'master_fill',
      'master_exit',
    ]);
  });
  it('counts only drifting or failed sync statuses as drift found', () => {
    expect(kindsOf(event('sync.status', { state: 'drifting' }))).toEqual(['drift_found']);
    expect(kindsOf(event('sync.status', { state: 'in_sync' }))).toEqual([]);
  });
  it('has nothing for the notifier’s own deliveries (no feedback loop)', () => {
    expect(kindsOf(event('notification.delivered', {}))).toEqual([]);
    expect(kindsOf(event('notification.failed', {}))).toEqual([]);
  });
});

describe('matchEvent', () => {
  it('gives a client the events of its own accounts only: a follower’s orders to the follower’s owner', () => {
    const alice = subscriber({ kinds: ['copy_placed'] });
    const bob = subscriber({
      userId: 'bob',
      destinationId: 'endpoint-b',
      accountIds: new Set([ids.bobFollower]),
      kinds: ['copy_placed'],
    });
    expect(matchEvent(accepted(ids.aliceFollower), [alice, bob]).map((m) => m.destinationId)).toEqual([
      'endpoint-a',
    ]);
    // Bob's follower copies Alice's master: the order is Bob's business, not the master owner's.
    expect(matchEvent(accepted(ids.bobFollower), [alice, bob]).map((m) => m.destinationId)).toEqual([
      'endpoint-b',
    ]);
    const fill = event(
      'master_fill.recorded',
      { masterAccountId: ids.aliceMaster, positionAfter: 1 },
      ids.aliceMaster,
    );
    expect(
      matchEvent(fill, [
        subscriber({ kinds: ['master_fill'] }),
        { ...bob, kinds: new Set(['master_fill']) },
      ]).map((m) => m.destinationId),
    ).toEqual(['endpoint-a']);
  });

  it('narrows to the chosen follows', () => {
    const onlyBobFollow = subscriber({
      seesEveryone: true,
      kinds: ['copy_placed', 'copy_skipped'],
      follows: [{ id: ids.bobFollow, masterAccountId: ids.aliceMaster, followerAccountId: ids.bobFollower }],
    });
    expect(matchEvent(accepted(ids.bobFollower), [onlyBobFollow])).toHaveLength(1);
    expect(matchEvent(accepted(ids.aliceFollower), [onlyBobFollow])).toHaveLength(0);
    const skip = (followId: string) =>
      event('copy.skipped', {
        followId,
        followerAccountId: ids.bobFollower,
        masterAccountId: ids.aliceMaster,
      });
    expect(matchEvent(skip(ids.bobFollow), [onlyBobFollow])).toHaveLength(1);
    expect(matchEvent(skip(ids.aliceFollow), [onlyBobFollow])).toHaveLength(0);
  });

  it('sends the kill switch and breaker openings to operators only, and an endpoint’s disabling to its owner only', () => {
    const kill = event('kill_switch.engaged', { actorUserId: 'ops', reason: 'drill' });
    expect(matchEvent(kill, [subscriber({ kinds: ['kill_switch'] })])).toEqual([]);
    expect(matchEvent(kill, [subscriber({ kinds: ['kill_switch'], seesEveryone: true })])).toHaveLength(1);
    const opened = event('broker.breaker_opened', { host: 'api.example', instanceId: 'exec-1' });
    expect(matchEvent(opened, [subscriber({ kinds: ['breaker_open'] })])).toEqual([]);
    expect(matchEvent(opened, [subscriber({ kinds: ['breaker_open'], seesEveryone: true })])).toHaveLength(1);
    const disabled = event('webhook.endpoint_disabled', { userId: 'alice', endpointId: 'x' });
    expect(matchEvent(disabled, [subscriber({ kinds: ['endpoint_disabled'] })])).toHaveLength(1);
    expect(
      matchEvent(disabled, [subscriber({ kinds: ['endpoint_disabled'], userId: 'bob', seesEveryone: true })]),
    ).toEqual([]);
  });

  it('sends one notification per destination, whatever number of its subscriptions match', () => {
    const exit = event(
      'master_fill.recorded',
      { masterAccountId: ids.aliceMaster, positionAfter: 0 },
      ids.aliceMaster,
    );
    const matches = matchEvent(exit, [
      subscriber({ kinds: ['master_exit'] }),
      subscriber({ subscriptionId: 's2', kinds: ['master_fill'] }),
    ]);
    expect(matches).toEqual([
      { channel: 'webhook', destinationId: 'endpoint-a', userId: 'alice', kind: 'master_exit' },
    ]);
  });

  it('sends an event once on each channel the owner chose: a webhook endpoint, their email, their browsers', () => {
    const fill = event(
      'master_fill.recorded',
      { masterAccountId: ids.aliceMaster, positionAfter: 1 },
      ids.aliceMaster,
    );
    const matches = matchEvent(fill, [
      subscriber({ kinds: ['master_fill'] }),
      subscriber({ subscriptionId: 's2', channel: 'email', destinationId: 'alice', kinds: ['master_fill'] }),
      subscriber({ subscriptionId: 's3', channel: 'email', destinationId: 'alice', kinds: ['master_fill'] }),
      subscriber({
        subscriptionId: 's4',
        channel: 'web_push',
        destinationId: 'alice',
        kinds: ['master_fill'],
      }),
      subscriber({
        subscriptionId: 's5',
        userId: 'bob',
        channel: 'email',
        destinationId: 'bob',
        accountIds: new Set([ids.bobFollower]),
        kinds: ['master_fill'],
      }),
    ]);
    expect(matches.map((match) => `${match.channel}:${match.destinationId}`)).toEqual([
      'webhook:endpoint-a',
      'email:alice',
      'web_push:alice',
    ]);
  });
});

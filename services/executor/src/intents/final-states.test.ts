import { describe, expect, it } from 'vitest';
import { FinalStates } from './final-states.ts';

describe('final states', () => {
  it('keeps terminal states only, the latest `capacity` of them', () => {
    const states = new FinalStates(2);
    states.remember('a', 'accepted');
    states.remember('open', 'sent');
    states.remember('b', 'rejected');
    expect(states.get('open')).toBeUndefined();
    // Remembered again, a is the newest: c pushes b out.
    states.remember('a', 'accepted');
    states.remember('c', 'expired');
    expect([states.get('a'), states.get('b'), states.get('c')]).toEqual(['accepted', undefined, 'expired']);
  });
});

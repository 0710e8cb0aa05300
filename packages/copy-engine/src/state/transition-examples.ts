import type { Leg } from '../types/leg.ts';
import type { TargetState } from '../types/target-state.ts';

export interface TransitionExample {
  name: string;
  before: TargetState | null;
  seq: number;
  target: number;
  after: TargetState;
  applied: boolean;
  /** newTarget - lastTarget when applied, else 0: what the Lua script hands back. */
  delta: number;
  legs: Leg[];
}

const buy = (size: number, leg: Leg['leg'], reduceOnly = false): Leg => ({
  side: 'buy',
  size,
  reduceOnly,
  leg,
});
const sell = (size: number, leg: Leg['leg'], reduceOnly = false): Leg => ({
  side: 'sell',
  size,
  reduceOnly,
  leg,
});

/** Hand-written transitions, shared with the mapper's Lua script test so both agree. */
export const transitionExamples: readonly TransitionExample[] = [
  {
    name: 'first update opens from flat',
    before: null,
    seq: 1,
    target: 3,
    after: { lastSeq: 1, lastTarget: 3 },
    applied: true,
    delta: 3,
    legs: [buy(3, 'open')],
  },
  {
    name: 'increase',
    before: { lastSeq: 1, lastTarget: 3 },
    seq: 2,
    target: 5,
    after: { lastSeq: 2, lastTarget: 5 },
    applied: true,
    delta: 2,
    legs: [buy(2, 'increase')],
  },
  {
    name: 'reduce is reduce-only',
    before: { lastSeq: 2, lastTarget: 5 },
    seq: 3,
    target: 1,
    after: { lastSeq: 3, lastTarget: 1 },
    applied: true,
    delta: -4,
    legs: [sell(4, 'reduce', true)],
  },
  {
    name: 'flip closes then opens',
    before: { lastSeq: 3, lastTarget: 1 },
    seq: 4,
    target: -2,
    after: { lastSeq: 4, lastTarget: -2 },
    applied: true,
    delta: -3,
    legs: [sell(1, 'close', true), sell(2, 'open')],
  },
  {
    name: 'master exit closes',
    before: { lastSeq: 4, lastTarget: -2 },
    seq: 5,
    target: 0,
    after: { lastSeq: 5, lastTarget: 0 },
    applied: true,
    delta: 2,
    legs: [buy(2, 'close', true)],
  },
  {
    name: 'duplicate seq is a no-op',
    before: { lastSeq: 5, lastTarget: 0 },
    seq: 5,
    target: 7,
    after: { lastSeq: 5, lastTarget: 0 },
    applied: false,
    delta: 0,
    legs: [],
  },
  {
    name: 'late (older) seq is a no-op',
    before: { lastSeq: 9, lastTarget: 4 },
    seq: 8,
    target: -4,
    after: { lastSeq: 9, lastTarget: 4 },
    applied: false,
    delta: 0,
    legs: [],
  },
  {
    name: 'newer seq with the same target advances seq only',
    before: { lastSeq: 9, lastTarget: 4 },
    seq: 12,
    target: 4,
    after: { lastSeq: 12, lastTarget: 4 },
    applied: true,
    delta: 0,
    legs: [],
  },
  {
    name: 'gap in seq still applies (the target is absolute)',
    before: { lastSeq: 12, lastTarget: 4 },
    seq: 20,
    target: -1,
    after: { lastSeq: 20, lastTarget: -1 },
    applied: true,
    delta: -5,
    legs: [sell(4, 'close', true), sell(1, 'open')],
  },
];

export { kick, kickJob, makeLeg, pushLegs, seedFollower, type SeededFollower, type SimLike } from './seed.ts';

export {
  kick,
  kickJob,
  kickStreamFields,
  makeLeg,
  pushLegs,
  seedFollower,
  type SeededFollower,
  type SimLike,
  streamKick,
} from './seed.ts';

export { startSystem, type System, type SystemOptions } from './start-system.ts';
export {
  type FollowerRef,
  orderSumOf,
  positionOf,
  type Settlement,
  settlement,
  targetOf,
  waitSettled,
} from './observe/follower-state.ts';
export { pipelineProbe } from './observe/pipeline-idle.ts';

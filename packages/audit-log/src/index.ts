export {
  type AppendResult,
  appendEvent,
  appendEvents,
  type Projector,
  type StoredEvent,
} from './chain/append-event.ts';
export { canonicalJson, type JsonInput } from './chain/canonical-json.ts';
export { type ChainEntry, chainHash, GENESIS_HASH } from './chain/chain-hash.ts';
export { checkpointKey } from './chain/checkpoint-key.ts';
export { signCheckpoint, writeCheckpoint } from './chain/checkpoint.ts';
export { describeBrokenChain } from './chain/describe-broken-chain.ts';
export { type VerifyOptions, type VerifyResult, verifyChain } from './chain/verify-chain.ts';
export { createLivePublisher, type LiveEvent, type LivePublisher } from './live/live-publisher.ts';
export { projectEvents } from './projections/project-event.ts';
export { type RecordDeps, type RecordMetrics, recordEvents } from './record-events.ts';

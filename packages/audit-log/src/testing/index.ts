export { type SampleTrade, sampleTrade } from './sample-trade.ts';
export { startTestRecorder, type TestRecorder, type TestRecorderOptions } from './test-recorder.ts';

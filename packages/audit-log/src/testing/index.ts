export { type SampleTrade, sampleTrade } from './sample-trade.ts';

export { type AuditTestClient, auditTestClient, startTestAudit, testRedisUrl } from './audit-harness.ts';
export { type SampleTrade, sampleTrade } from './sample-trade.ts';

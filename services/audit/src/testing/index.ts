export { type AuditTestClient, auditTestClient, startTestAudit, testRedisUrl } from './audit-harness.ts';
export { type SampleTrade, sampleTrade } from '@copytrade/audit-log/testing';

import { runService } from '@copytrade/runtime';
import { auditEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'audit', envSchema: auditEnvSchema, start });

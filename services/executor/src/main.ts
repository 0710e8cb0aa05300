import { runService } from '@copytrade/runtime';
import { executorEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'executor', envSchema: executorEnvSchema, start });

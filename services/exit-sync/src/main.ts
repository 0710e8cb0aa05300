import { runService } from '@copytrade/runtime';
import { exitSyncEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'exit-sync', envSchema: exitSyncEnvSchema, start });

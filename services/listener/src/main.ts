import { runService } from '@copytrade/runtime';
import { listenerEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'listener', envSchema: listenerEnvSchema, start });

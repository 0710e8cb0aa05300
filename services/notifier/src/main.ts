import { runService } from '@copytrade/runtime';
import { notifierEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'notifier', envSchema: notifierEnvSchema, start });

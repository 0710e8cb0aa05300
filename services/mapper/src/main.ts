import { runService } from '@copytrade/runtime';
import { mapperEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'mapper', envSchema: mapperEnvSchema, start });

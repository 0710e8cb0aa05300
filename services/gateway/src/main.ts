import { runService } from '@copytrade/runtime';
import { gatewayEnvSchema } from './config.ts';
import { start } from './start.ts';

await runService({ name: 'gateway', envSchema: gatewayEnvSchema, start });

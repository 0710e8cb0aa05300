import { z } from 'zod';
import { microsSchema } from './common.ts';

/** `GET /v2/settings`: only the server time (µs) is read. */
export const settingsSchema = z.object({ server_time: microsSchema });

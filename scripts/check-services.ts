// Says clearly which of Redis and PostgreSQL does not answer, and how to start one, before any
// test or service trips over a bare ECONNREFUSED.
import { defaultUrls } from '../packages/runtime/src/config/default-urls.ts';
import { postgresAnswers, redisAnswers, startHint } from './service-probes.ts';

const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const databaseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const [redisUp, postgresUp] = await Promise.all([redisAnswers(redisUrl), postgresAnswers(databaseUrl)]);
const down = [
  redisUp ? null : `Redis does not answer at ${redisUrl}`,
  postgresUp ? null : `PostgreSQL does not answer at ${new URL(databaseUrl).host}`,
].filter((line) => line !== null);
if (down.length > 0) {
  console.error(`${down.join('\n')}\n${startHint()}`);
  process.exit(1);
}

export { watchKey } from './watch-key.ts';
export { startPrivateRedis } from './private-redis.ts';

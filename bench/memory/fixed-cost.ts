// What a service process costs before it does any work, for bench/memory.ts to set beside the
// services: `bare` is Node alone; `imports` loads what every service loads (runtime kit with
// BullMQ/ioredis/prom-client/pino, the plain-SQL pool (pg), the Delta client with undici, the
// accounts directory, contracts with zod, telemetry with @opentelemetry/api); `connected` also runs
// one query on a pool and opens one Redis connection. It then idles until killed.
const mode = process.argv[2] ?? 'imports';
if (mode !== 'bare') {
  const { defaultUrls, createRedis } = await import('../../packages/runtime/src/index.ts');
  const { createSqlPool } = await import('../../packages/db/src/sql.ts');
  await import('../../packages/accounts/src/index.ts');
  await import('../../packages/delta-client/src/index.ts');
  await import('../../packages/contracts/src/index.ts');
  await import('../../packages/telemetry/src/index.ts');
  await import('../../packages/copy-engine/src/index.ts');
  if (mode === 'connected') {
    const sql = createSqlPool({ databaseUrl: process.env.DATABASE_URL ?? defaultUrls.database });
    await sql.query('SELECT 1');
    const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'worker');
    await redis.ping();
  }
}
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);

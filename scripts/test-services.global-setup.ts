// Where integration tests find Redis and PostgreSQL: REDIS_URL / DATABASE_URL when set, else the
// local servers, else containers started with testcontainers when a Docker engine answers.
import { defaultUrls } from '../packages/runtime/src/config/default-urls.ts';
import { dockerAnswers, postgresAnswers, redisAnswers, startHint } from './service-probes.ts';

type Teardown = () => Promise<void>;

export default async function setup(): Promise<Teardown | undefined> {
  const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
  const databaseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
  const [redisUp, postgresUp] = await Promise.all([redisAnswers(redisUrl), postgresAnswers(databaseUrl)]);
  if (redisUp && postgresUp) return undefined;
  if (!(await dockerAnswers())) {
    throw new Error(
      `${redisUp ? '' : `Redis does not answer at ${redisUrl}. `}${postgresUp ? '' : `PostgreSQL does not answer at ${new URL(databaseUrl).host}. `}No Docker engine answers either, so no containers can be started. ${startHint()}`,
    );
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const stops: Teardown[] = [];
  if (!redisUp) {
    const redis = await new GenericContainer('redis:7').withExposedPorts(6379).start();
    process.env.REDIS_URL = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    stops.push(async () => void (await redis.stop()));
  }
  if (!postgresUp) {
    const postgres = await new GenericContainer('postgres:17')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'copytrade' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    process.env.DATABASE_URL = `postgresql://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/copytrade`;
    stops.push(async () => void (await postgres.stop()));
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}

// Says clearly which of Redis and PostgreSQL does not answer, and how to start one, before any
// test or service trips over a bare ECONNREFUSED. Dependency-free: it runs before anything else.
import { connect } from 'node:net';
import { defaultUrls } from '../packages/runtime/src/config/default-urls.ts';

function probe(url: string, defaultPort: number, hello: Buffer, answered: (reply: Buffer) => boolean) {
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write(hello));
    socket.on('data', (reply) => done(answered(reply)));
  });
}

// PostgreSQL answers an SSLRequest with a single 'S' or 'N' byte, before any authentication.
const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const databaseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const [redisUp, postgresUp] = await Promise.all([
  probe(redisUrl, 6379, Buffer.from('PING\r\n'), (r) => r.toString().startsWith('+PONG') || r[0] === 0x2d),
  probe(databaseUrl, 5432, sslRequest, (r) => r[0] === 0x53 || r[0] === 0x4e),
]);
const down = [
  redisUp ? null : `Redis does not answer at ${redisUrl}`,
  postgresUp ? null : `PostgreSQL does not answer at ${new URL(databaseUrl).host}`,
].filter((line) => line !== null);
if (down.length > 0) {
  console.error(
    `${down.join('\n')}\nStart them with \`docker compose up -d redis postgres\` (or your local services), ` +
      'or point REDIS_URL / DATABASE_URL at running ones.',
  );
  process.exit(1);
}

// Dependency-free probes of Redis and PostgreSQL: they run before anything is installed
// (bootstrap) and before any test opens a real connection.
import { request } from 'node:http';
import { connect } from 'node:net';

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

export function redisAnswers(url: string): Promise<boolean> {
  // '+PONG', or '-NOAUTH…' from a server that wants a password: either way a Redis answered.
  return probe(url, 6379, Buffer.from('PING\r\n'), (r) => r[0] === 0x2b || r[0] === 0x2d);
}

// PostgreSQL answers an SSLRequest with a single 'S' or 'N' byte, before any authentication.
const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export function postgresAnswers(url: string): Promise<boolean> {
  return probe(url, 5432, sslRequest, (r) => r[0] === 0x53 || r[0] === 0x4e);
}

/** Whether a Docker engine answers on its socket (DOCKER_HOST unix socket or the default one). */
export function dockerAnswers(): Promise<boolean> {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!host.startsWith('unix://')) return Promise.resolve(true); // a TCP engine: let testcontainers try
  return new Promise((resolve) => {
    const req = request(
      { socketPath: host.slice('unix://'.length), path: '/_ping', timeout: 1_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export function startHint(): string {
  return 'Start them with `docker compose up -d redis postgres` (or your local services), or point REDIS_URL / DATABASE_URL at running ones.';
}

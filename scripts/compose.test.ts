// Docker is not available where the tests run, so the deployment files are checked by reading them:
// docker-compose.yml, infra/Dockerfile, .dockerignore, infra/k8s and infra/monitoring.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { baseEnvSchema, loadConfig } from '../packages/runtime/src/index.ts';
import { parseMasterKeys, vaultEnvSchema } from '../packages/vault/src/index.ts';

type Service = {
  image?: string;
  build?: { dockerfile?: string };
  command?: string[];
  restart?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
};
type Manifest = { kind: string; metadata: { name: string }; spec: Record<string, unknown> };

const root = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
// Compose files use YAML 1.1 merge keys (`<<: *service`).
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const serviceNames = readdirSync(join(root, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const appServices = Object.entries(services).filter(([, s]) => s.command?.[1]?.startsWith('services/'));

// Resolves compose interpolation the way `docker compose config` does with an empty environment.
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Za-z_]\w*)(?::?([-?])([^}]*))?\}/g,
    (_, name: string, op?: string, arg = '') => {
      if (op === '?') throw new Error(`${name} is required: ${arg}`);
      return op === '-' ? arg : '';
    },
  );
}

describe('docker-compose.yml', () => {
  it('runs every directory under services/ from the shared image', () => {
    expect(serviceNames.length).toBeGreaterThan(0);
    for (const name of serviceNames) {
      const service = services[name];
      expect(service, `compose entry for ${name}`).toBeDefined();
      expect(service!.command).toEqual(['node', `services/${name}/src/main.ts`]);
      expect(existsSync(join(root, `services/${name}/src/main.ts`)), `${name} entry point`).toBe(true);
      expect(service!.build?.dockerfile).toBe('infra/Dockerfile');
      expect(service!.image).toBe(services.migrate!.image);
    }
    expect(appServices.map(([name]) => name).sort()).toEqual([...serviceNames].sort());
  });

  it('gives audit and exit-sync a tenth of the copy path’s CPU weight, as cgroup shares and as niceness', () => {
    for (const name of ['audit', 'exit-sync']) {
      const service = services[name] as Service & { cpu_shares?: number };
      expect(service.cpu_shares, name).toBe(102);
      expect(service.environment?.PROCESS_NICE, name).toBe('10');
      // The rest of the environment is the shared one.
      expect(service.environment?.REDIS_URL, name).toBe(services.listener!.environment!.REDIS_URL);
    }
    for (const name of ['listener', 'mapper', 'executor']) {
      expect((services[name] as { cpu_shares?: number }).cpu_shares, name).toBeUndefined();
      expect(services[name]!.environment?.PROCESS_NICE, name).toBeUndefined();
    }
  });

  it('runs Redis with AOF, fsync every second and no eviction, health-checked by ping', () => {
    const argv = services.redis!.command!.join(' ');
    expect(argv).toContain('--appendonly yes');
    expect(argv).toContain('--appendfsync everysec');
    expect(argv).toContain('--maxmemory-policy noeviction');
    expect(services.redis!.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('runs PostgreSQL 17 with the copytrade database, health-checked by pg_isready', () => {
    expect(services.postgres!.image).toBe('postgres:17');
    expect(services.postgres!.environment!.POSTGRES_DB).toBe('copytrade');
    expect(services.postgres!.healthcheck!.test).toContain('pg_isready');
  });

  it('migrates once, after PostgreSQL is healthy, and every app service waits for it to succeed', () => {
    const migrate = services.migrate!;
    expect(migrate.command).toEqual(['node', 'packages/db/src/migrate/cli.ts']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(migrate.healthcheck).toBeUndefined();
    for (const [name, service] of appServices) {
      expect(service.depends_on, name).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    }
  });

  it('runs the exchange simulator on 8900 and points the services at it', () => {
    expect(services.sim!.command).toEqual(['node', 'packages/exchange-sim/src/main.ts']);
    expect(services.sim!.environment!.SIM_PORT).toBe('8900');
    // …and those are the variables the simulator really reads.
    const simMain = readFileSync(
      resolve(import.meta.dirname, '../packages/exchange-sim/src/main.ts'),
      'utf8',
    );
    for (const variable of Object.keys(services.sim!.environment!).filter((v) => v.startsWith('SIM_'))) {
      expect(simMain, variable).toContain(`process.env.${variable}`);
    }
    expect(services.sim!.healthcheck!.test.join(' ')).toContain('8900');
    // Bound to every interface, `pnpm sim` refuses to start without a control token.
    expect(services.sim!.environment!.SIM_HOST).toBe('0.0.0.0');
    expect(interpolate(services.sim!.environment!.SIM_CONTROL_TOKEN!)).not.toBe('');
    for (const [name, service] of appServices) {
      expect(interpolate(service.environment!.DELTA_BASE_URL!), name).toBe('http://sim:8900');
      expect(interpolate(service.environment!.DELTA_WS_URL!), name).toBe('ws://sim:8900');
      expect(service.depends_on!.sim, name).toEqual({ condition: 'service_healthy' });
    }
  });

  it('traces only when asked: Jaeger in the tracing profile, the services told its OTLP port then', () => {
    const jaeger = services.jaeger!;
    expect((jaeger as { profiles?: string[] }).profiles).toEqual(['tracing']);
    expect(jaeger.ports).toEqual(expect.arrayContaining(['127.0.0.1:4318:4318', '127.0.0.1:16686:16686']));
    for (const [name, service] of appServices) {
      // Empty (off) unless the environment names the receiver, passed through unchanged.
      expect(service.environment!.OTEL_EXPORTER_OTLP_ENDPOINT, name).toMatch(
        /^\$\{OTEL_EXPORTER_OTLP_ENDPOINT:-\}$/,
      );
      expect(interpolate(service.environment!.OTEL_EXPORTER_OTLP_ENDPOINT!), name).toBe('');
    }
    expect(read('docker-compose.yml')).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318 docker compose --profile tracing up -d',
    );
  });

  it('health-checks every app service on /healthz at the port it is told to listen on', () => {
    for (const [name, service] of appServices) {
      const test = service.healthcheck?.test.join(' ') ?? '';
      expect(test, name).toContain('/healthz');
      expect(test, name).toContain('process.env.HEALTH_PORT');
      expect(Number(service.environment!.HEALTH_PORT), name).toBeGreaterThan(0);
    }
  });

  it('gives every app service the configuration it needs, with a usable dev vault key', () => {
    const required = [
      'REDIS_URL',
      'DATABASE_URL',
      'VAULT_KEYS',
      'VAULT_ACTIVE_KEY_ID',
      'LOG_LEVEL',
      'QUEUE_PREFIX',
    ];
    for (const [name, service] of appServices) {
      for (const key of required) expect(service.environment, name).toHaveProperty(key);
      const env = service.environment!;
      expect(new URL(interpolate(env.DATABASE_URL!)).pathname).toBe('/copytrade');
      expect(new URL(interpolate(env.REDIS_URL!)).host).toBe('redis:6379');
      const { keys } = parseMasterKeys(interpolate(env.VAULT_KEYS!), interpolate(env.VAULT_ACTIVE_KEY_ID!));
      for (const key of keys.values()) expect(key.toString('latin1')).toMatch(/^dev-only/);
    }
  });

  it('runs the dev placeholders outside production, so the services start with them', () => {
    const schema = baseEnvSchema.extend(vaultEnvSchema.shape);
    for (const [name, service] of appServices) {
      const env = Object.fromEntries(
        Object.entries(service.environment!).map(([key, value]) => [key, interpolate(value)]),
      );
      expect(env.NODE_ENV, name).toBe('development');
      expect(() => loadConfig(schema, env), name).not.toThrow();
      expect(() => loadConfig(schema, { ...env, NODE_ENV: 'production' }), name).toThrow(/VAULT_KEYS/);
    }
  });

  it('holds no secret literal: credentials come from the environment, defaults are dev placeholders', () => {
    const devDefault = /^(postgres|trust|dev|dev:[A-Za-z0-9+/=]+)$/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const where = `${name}.${key}`;
        if (/KEY|SECRET|PASSWORD|TOKEN|AUTH/.test(key) && !key.endsWith('_ID')) {
          const match = /^\$\{[A-Z_]+:-([^}]*)\}$/.exec(value);
          expect(match, `${where} must be \${VAR:-dev default}`).not.toBeNull();
          expect(match![1], where).toMatch(devDefault);
        }
        const password = /^\w+:\/\/[^:/@]+:([^@]+)@/.exec(value)?.[1];
        if (password !== undefined)
          expect(password, `${where} password`).toMatch(/^\$\{POSTGRES_PASSWORD:-postgres\}$/);
      }
    }
    // Any long base64 blob in the file must be the documented dev key.
    const blobs = read('docker-compose.yml').match(/[A-Za-z0-9+/]{32,}={0,2}/g) ?? [];
    for (const blob of blobs) expect(Buffer.from(blob, 'base64').toString('latin1')).toMatch(/^dev-only/);
  });
});

describe('infra/Dockerfile and .dockerignore', () => {
  const dockerfile = read('infra/Dockerfile');

  it('builds on Node 24 with pnpm 12.21.0 and a frozen lockfile, and generates the Prisma client', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(dockerfile).toContain('npm i -g pnpm@12.21.0');
    expect(dockerfile).toMatch(/pnpm install --offline --frozen-lockfile --prod=false/);
    expect(dockerfile).toMatch(
      /PRISMA_SCHEMA_ENGINE_BINARY=.*\n.*prisma generate --schema prisma\/schema\.prisma/,
    );
  });

  it('runs as a non-root user in production mode, in a last stage without pnpm', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^\nFROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toContain('pnpm install');
  });

  it('names no process that is not in the repository', () => {
    for (const path of dockerfile.match(/(?:services|packages)\/[\w./-]+\.ts/g) ?? [])
      expect(existsSync(join(root, path)), path).toBe(true);
  });

  it('keeps host dependencies, tools, git and generated code out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '.tools', '.git', '**/generated'])
      expect(ignored).toContain(entry);
  });
});

describe('infra/k8s and infra/monitoring', () => {
  const manifests = (path: string) => parseAllDocuments(read(path)).map((doc) => doc.toJS() as Manifest);
  const kustomization = parse(read('infra/k8s/kustomization.yaml')) as { resources: string[] };
  const all = kustomization.resources.flatMap((file) => manifests(`infra/k8s/${file}`));

  it('deploys every service with its command, readiness and liveness probes, and secrets by reference only', () => {
    for (const name of serviceNames) {
      const deployment = all.find((m) => m.kind === 'Deployment' && m.metadata.name === name);
      expect(deployment, `Deployment ${name}`).toBeDefined();
      const text = JSON.stringify(deployment);
      expect(text).toContain(JSON.stringify(['node', `services/${name}/src/main.ts`]));
      expect(text).toContain('"readinessProbe":{"httpGet":{"path":"/readyz"');
      expect(text).toContain('"livenessProbe":{"httpGet":{"path":"/healthz"');
      expect(text).toContain('{"secretKeyRef":{"name":"copytrade-secrets","key":"VAULT_KEYS"}}');
    }
    expect(all.filter((m) => m.kind === 'Secret')).toEqual([]);
    // No manifest for a process that has no directory under services/.
    const deployed = all.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);
    expect(deployed.sort()).toEqual([...serviceNames].sort());
    expect(all.some((m) => m.kind === 'ConfigMap' && m.metadata.name === 'copytrade-config')).toBe(true);
  });

  it('requests ten times the CPU for the copy path as for audit and exit-sync (the cgroup weight on a busy node)', () => {
    const cpuRequest = (name: string) => {
      const text = JSON.stringify(all.find((m) => m.kind === 'Deployment' && m.metadata.name === name));
      const millis = /"requests":\{"cpu":"(\d+)m"/.exec(text)?.[1];
      expect(millis, `${name} requests CPU`).toBeDefined();
      return Number(millis);
    };
    for (const copyPath of ['listener', 'mapper', 'executor'])
      for (const background of ['audit', 'exit-sync'])
        expect(cpuRequest(copyPath)).toBe(10 * cpuRequest(background));
  });

  it('runs the migrations as a Job', () => {
    const [job] = manifests('infra/k8s/migrate/job.yaml');
    expect(job!.kind).toBe('Job');
    expect(JSON.stringify(job)).toContain(JSON.stringify(['node', 'packages/db/src/migrate/cli.ts']));
  });

  it('scrapes /metrics of every service', () => {
    const config = parse(read('infra/monitoring/prometheus.yml')) as {
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const copytrade = config.scrape_configs.find((job) => job.metrics_path === '/metrics')!;
    const targets = copytrade.static_configs.flatMap((c) => c.targets);
    for (const name of serviceNames) {
      expect(targets).toContain(`${name}:${services[name]!.environment!.HEALTH_PORT}`);
    }
    expect(targets).toHaveLength(serviceNames.length);
  });
});

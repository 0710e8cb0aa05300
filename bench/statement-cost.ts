// What naming a statement saves PostgreSQL: the executor's intent INSERT (the copy path's one write
// before the request), run unnamed (parsed at every run) and named (parsed once per connection, as
// the services run it), alternated, on one connection of a fresh schema. PostgreSQL's CPU is read
// from its backend's /proc entry, so it counts the server's work alone (the database must be local).
// Usage: pnpm bench:statements [--runs 2000]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSqlPool, migrate, withSchema } from '../packages/db/src/index.ts';
import { dropSchema } from '../packages/db/src/testing/index.ts';
import { defaultUrls } from '../packages/runtime/src/index.ts';
import { insertSentQuery } from '../services/executor/src/intents/intent-batches.ts';
import { makeLeg } from '../services/executor/src/testing/seed.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' } } });
const runs = Number(values.runs);
if (!(Number.isInteger(runs) && runs >= 10 && runs <= 100_000)) throw new Error('--runs takes 10 to 100000');
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const schema = `bench_statements_${randomUUID().slice(0, 8)}`;
const databaseUrl = withSchema(baseUrl, schema);
const pool = createSqlPool({ databaseUrl, poolSize: 1 });
try {
  await migrate({ databaseUrl });
  await measure();
} finally {
  await pool.end();
  await dropSchema(baseUrl, schema);
}

async function measure() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = rows[0]!.pid;
    const clockTicksPerMs = 0.1; // USER_HZ is 100 on Linux
    const cpuMs = () => {
      const fields = readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / clockTicksPerMs;
    };
    const results: Record<string, { pgCpuUs: number[]; wallUs: number[] }> = {};
    for (const batch of [1, 100]) {
      const n = batch === 1 ? runs : Math.max(10, Math.round(runs / 10));
      for (const round of [0, 1, 2]) {
        for (const named of [false, true]) {
          const label = `batch ${batch} ${named ? 'named' : 'unnamed'}`;
          const legs = Array.from({ length: n }, () =>
            Array.from({ length: batch }, () => makeLeg(randomUUID())),
          );
          const cpu0 = cpuMs();
          const wall0 = performance.now();
          for (const batchLegs of legs) {
            const query = insertSentQuery(batchLegs);
            await client.query(named ? query : { text: query.text, values: query.values });
          }
          // The first round warms the connection and the caches: left out.
          if (round === 0) continue;
          results[label] ??= { pgCpuUs: [], wallUs: [] };
          const entry = results[label];
          entry.pgCpuUs.push(((cpuMs() - cpu0) * 1000) / n);
          entry.wallUs.push(((performance.now() - wall0) * 1000) / n);
        }
      }
    }
    process.stdout.write(
      `PostgreSQL CPU and wall time per INSERT of intents: ${runs} statements of one leg a round, ${Math.max(10, Math.round(runs / 10))} of 100 legs, two rounds after a warm-up\n`,
    );
    for (const [label, r] of Object.entries(results))
      process.stdout.write(
        `  ${label.padEnd(18)} PG CPU ${r.pgCpuUs.map((v) => v.toFixed(0)).join(' / ')} µs, wall ${r.wallUs.map((v) => v.toFixed(0)).join(' / ')} µs\n`,
      );
  } finally {
    client.release();
  }
}

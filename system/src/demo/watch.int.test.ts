import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { createDb, withSchema } from '@copytrade/db';
import { dropSchema } from '@copytrade/db/testing';
import { createRedis, defaultUrls, deleteKeysUnder } from '@copytrade/runtime';
import { afterAll, describe, expect, it } from 'vitest';

// `./run demo` as a person and as a script run it: under a pseudo-terminal (util-linux `script`,
// which gives the demo a terminal and passes a typed Ctrl-C on as SIGINT) it stays up with the
// master on its walk; with pipes (CI, scripts) it ends after the summary. `script` runs its command
// through $SHELL, and a CI runner's may be dash, which stays in the terminal's foreground group and
// dies of the Ctrl-C itself: the test pins dash and `exec`s, as a person's shell hands over the terminal.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const prefixes: string[] = [];
const tradeLine = /^\d\d:\d\d:\d\d {2}master (BUY|SELL) +\d+ BTCUSD @ \d+ .*→ (\d+) copy orders? accepted/;

interface Run {
  child: ChildProcess;
  /** Everything it printed so far, colours taken out. */
  text(): string;
  exited: Promise<number | null>;
}

function runDemo(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run & { prefix: string } {
  const prefix = `demo_t_${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, DEMO_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { prefix, child, exited, text: () => stripVTControlCharacters(output).replaceAll('\r', '') };
}

const tradeLines = (run: Run) =>
  run
    .text()
    .split('\n')
    .filter((l) => tradeLine.test(l));

afterAll(async () => {
  const redis = createRedis(redisUrl, 'worker');
  for (const prefix of prefixes) {
    await dropSchema(baseUrl, prefix);
    await deleteKeysUnder(redis, prefix);
  }
  redis.disconnect();
});

describe('the demo', () => {
  it('on a terminal, stays up with the master trading on its walk, each trade copied, until Ctrl-C ends it cleanly', async () => {
    const run = runDemo('script', ['-qfec', 'exec ./run demo', '/dev/null'], { SHELL: '/bin/sh' });
    try {
      await expect.poll(() => run.text(), { timeout: 90_000, interval: 200 }).toContain('watching');
      const db = createDb({ databaseUrl: withSchema(baseUrl, run.prefix) });
      try {
        const before = { fills: await db.masterFill.count(), copies: await db.copyTrade.count() };
        // Two trades of the walk: each line says how many followers copied and that all are at their targets.
        await expect
          .poll(() => tradeLines(run).length, { timeout: 30_000, interval: 200 })
          .toBeGreaterThanOrEqual(2);
        for (const line of tradeLines(run)) {
          expect(line).toContain('every follower at its target');
          expect(Number(tradeLine.exec(line)![2])).toBeGreaterThan(0);
        }
        // The walk's fills and copies are in the platform's records, after the scripted session's.
        expect(await db.masterFill.count()).toBeGreaterThanOrEqual(before.fills + 2);
        expect(await db.copyTrade.count()).toBeGreaterThan(before.copies);
      } finally {
        await db.$disconnect();
      }
      run.child.stdin!.write('\x03'); // Ctrl-C, typed at the terminal
      expect(await run.exited).toBe(0);
      const after = run.text().slice(run.text().indexOf('watching'));
      expect(after).toContain('stopping');
      expect(after).not.toMatch(/Error|\n\s+at /);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 180_000);

  it('without a terminal, ends by itself after the summary', async () => {
    const run = runDemo(process.execPath, ['system/src/demo/main.ts']);
    try {
      expect(await run.exited).toBe(0);
      expect(run.text()).toContain('audit chain');
      expect(run.text()).not.toContain('watching');
      // The notifier ran beside the session: signed webhooks reached the demo's receiver, which
      // verified every one, and at least one email reached its mail server.
      const webhooks =
        /webhooks +(\d+) received .*signature verified (\d+)\/(\d+); master fill → webhook arrival p50 \d+ ms/.exec(
          run.text(),
        );
      expect(webhooks, run.text()).not.toBeNull();
      const [received, verified, of] = webhooks!.slice(1).map(Number);
      expect(received).toBeGreaterThan(0);
      expect(verified).toBe(received);
      expect(of).toBe(received);
      const emails =
        /emails +(\d+) received \(\d+ digests?\), e\.g\. to operator@demo\.copytrade: "Copytrade: /.exec(
          run.text(),
        );
      expect(emails, run.text()).not.toBeNull();
      expect(Number(emails![1])).toBeGreaterThanOrEqual(1);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 120_000);
});

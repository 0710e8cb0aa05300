import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function run(env: Record<string, string>, whileRunning?: (pid: number) => void) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((done) => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, 'fixtures/needs-config.ts')], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    // Once it has logged that it started, so whatever start-up did is in place; then it is stopped.
    // (A fixed time from the spawn instead stopped a start that a loaded machine made slow before it
    // could refuse its configuration: CI saw a refusal end by the signal, not by its exit code.)
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('"msg":"started"')) return;
      whileRunning?.(child.pid!);
      setTimeout(() => child.kill('SIGTERM'), 200);
    });
    // Never left behind: a process that neither refuses nor starts within 30 s is killed (and fails).
    const stuck = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.on('exit', (code) => {
      clearTimeout(stuck);
      done({ code, stderr, stdout });
    });
  });
}

describe('a service started with bad configuration', () => {
  it('prints one message naming every offending variable and exits non-zero', async () => {
    const { code, stderr } = await run({ REDIS_URL: 'mysql://x' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('VAULT_KEYS (missing)');
    expect(stderr).toContain('REDIS_URL');
  });

  it('refuses production with the development vault key and no database password', async () => {
    const devKey = 'ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=';
    const { code, stderr } = await run({
      NODE_ENV: 'production',
      VAULT_KEYS: `dev:${devKey}`,
      DATABASE_URL: 'postgresql://app-user@db:5432/copytrade',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('VAULT_KEYS (holds the public development key');
    expect(stderr).toContain('DATABASE_URL (has no password');
    expect(stderr).not.toContain(devKey);
    expect(stderr).not.toContain('app-user');
  });

  it('starts in test mode with the development vault key and no database password', async () => {
    const { code, stdout } = await run({
      NODE_ENV: 'test',
      VAULT_KEYS: 'dev:ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
  });

  it('starts, then stops cleanly on SIGTERM', async () => {
    const { code, stdout } = await run({ VAULT_KEYS: 'k1:x' });
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
  });

  it('runs at the niceness PROCESS_NICE asks for, and refuses one out of range', async () => {
    let nice: number | undefined;
    const { code } = await run({ VAULT_KEYS: 'k1:x', PROCESS_NICE: '7' }, (pid) => {
      nice = getPriority(pid);
    });
    expect(code).toBe(0);
    expect(nice).toBe(Math.max(7, getPriority()));

    const refused = await run({ VAULT_KEYS: 'k1:x', PROCESS_NICE: '20' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('PROCESS_NICE');
  });
});

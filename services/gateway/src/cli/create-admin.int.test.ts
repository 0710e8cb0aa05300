import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password-hash.ts';

const script = resolve(import.meta.dirname, 'create-admin.ts');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('gwcli');
});
afterAll(async () => {
  await database?.drop();
});

function run(args: string[], stdin: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: database.url, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('create-admin CLI', () => {
  it('creates an admin with the password from stdin, hashed with scrypt', async () => {
    const password = 'a long enough passphrase';
    const result = await run(['--email', 'Root@Example.com', '--name', 'Root'], `${password}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const user = await database.db.user.findUniqueOrThrow({ where: { email: 'root@example.com' } });
    expect(result.stdout).toContain(user.id);
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(user).toMatchObject({ role: 'admin', name: 'Root', disabledAt: null });
    expect(user.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(await verifyPassword(password, user.passwordHash!)).toBe(true);
  });

  it('fails clearly on a missing flag, a bad email, a short or empty password and an existing email', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--name', 'x'], 'a long enough passphrase', /--email and --name are required/],
      [['--email', 'nope', '--name', 'x'], 'a long enough passphrase', /email: /],
      [['--email', 'b@example.com', '--name', 'x'], 'short\n', /password: must be at least 12 characters/],
      [['--email', 'b@example.com', '--name', 'x'], '', /password: must be at least 12 characters/],
      [
        ['--email', 'b@example.com', '--name', 'x', '--role', 'client'],
        'a long enough passphrase',
        /Unknown option/,
      ],
      [['--email', 'root@example.com', '--name', 'x'], 'a long enough passphrase', /already exists/],
    ];
    for (const [args, stdin, message] of cases) {
      const result = await run(args, stdin);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toContain(stdin.trim() || '\u0000');
    }
    expect(await database.db.user.count({ where: { email: 'b@example.com' } })).toBe(0);
    expect(await database.db.user.count()).toBe(1);
  });

  it('names a bad DATABASE_URL without echoing it', async () => {
    const result = await run(['--email', 'c@example.com', '--name', 'x'], 'a long enough passphrase', {
      DATABASE_URL: 'mysql://user:hunter2@host/db',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stderr).not.toContain('hunter2');
  });
});

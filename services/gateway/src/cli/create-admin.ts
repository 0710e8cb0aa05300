// `pnpm gateway:create-admin --email <email> --name <name>`: creates an admin user. The password
// comes from stdin (piped) or a prompt; there is no default. Exit 0 with the new id on stdout,
// exit 1 with one line naming what is wrong otherwise.
import { parseArgs } from 'node:util';
import { api } from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import { baseEnvSchema, loadConfig } from '@copytrade/runtime';
import { z } from 'zod';
import { createUser } from '../users/user-repository.ts';
import { readPassword } from './read-password.ts';

const input = z.object({ email: api.email, name: api.userName, password: api.password });

function fail(message: string): never {
  process.stderr.write(`create-admin: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { email?: string; name?: string };
  try {
    ({ values } = parseArgs({
      options: { email: { type: 'string' }, name: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}; usage: create-admin --email <email> --name <name>`);
  }
  if (values.email === undefined || values.name === undefined)
    fail('--email and --name are required; the password is read from stdin');
  const password = await readPassword();
  const parsed = input.safeParse({ email: values.email, name: values.name, password });
  if (!parsed.success)
    fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  let config: { DATABASE_URL: string };
  try {
    config = loadConfig(baseEnvSchema.pick({ DATABASE_URL: true }));
  } catch (error) {
    fail((error as Error).message);
  }
  const db = createDb({ databaseUrl: config.DATABASE_URL });
  try {
    const user = await createUser(db, { ...parsed.data, role: 'admin' });
    process.stdout.write(`created admin ${user.email} (${user.id})\n`);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 409)
      fail(`a user with email ${parsed.data.email} already exists`);
    // The database's password must not reach the terminal through a driver's message.
    const url = new URL(config.DATABASE_URL);
    const message = (error as Error).message;
    fail(`could not create the admin: ${url.password ? message.replaceAll(url.password, '***') : message}`);
  } finally {
    await db.$disconnect();
  }
}

await main();

// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL.
import { defaultUrls } from '@copytrade/runtime';
import { migrate } from './migrate.ts';

const quiet = process.argv.includes('--quiet');
const databaseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
try {
  const result = await migrate({ databaseUrl, log: quiet ? undefined : (line) => console.log(line) });
  if (!quiet || result.applied.length > 0) {
    console.log(
      `migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied (${new URL(databaseUrl).host})`,
    );
  }
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}

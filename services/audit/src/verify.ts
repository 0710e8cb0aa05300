// `node services/audit/src/verify.ts`: checks the audit log's hash chain; prints one line, exits 0 or 1.
import { createDb } from '@copytrade/db';
import { defaultUrls } from '@copytrade/runtime';
import { verifyChain } from './chain/verify-chain.ts';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? defaultUrls.database, poolSize: 1 });
let code = 1;
try {
  const result = await verifyChain(db);
  if (result.ok) {
    process.stdout.write(`audit chain ok: ${result.count} rows\n`);
    code = 0;
  } else {
    process.stdout.write(
      `audit chain BROKEN at seq ${result.seq} (event ${result.eventId}): ${result.reason}, ` +
        `expected ${result.expected}, found ${result.actual}\n`,
    );
  }
} catch (error) {
  process.stderr.write(`audit verify failed: ${(error as Error).message}\n`);
} finally {
  await db.$disconnect();
}
process.exit(code);

// `pnpm audit:verify` (`node packages/audit-log/src/verify.ts`): checks the audit log's hash chain
// against its signed checkpoints; prints one line, exits 0 or 1.
import { createDb } from '@copytrade/db';
import { defaultUrls } from '@copytrade/runtime';
import { checkpointKey } from './chain/checkpoint-key.ts';
import { describeBrokenChain } from './chain/describe-broken-chain.ts';
import { verifyChain } from './chain/verify-chain.ts';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? defaultUrls.database, poolSize: 1 });
let code = 1;
try {
  const result = await verifyChain(db, { checkpointKey: checkpointKey(process.env) });
  if (result.ok) {
    process.stdout.write(`audit chain ok: ${result.count} rows, ${result.checkpoints} checkpoints\n`);
    code = 0;
  } else {
    process.stdout.write(`${describeBrokenChain(result)}\n`);
  }
} catch (error) {
  process.stderr.write(`audit verify failed: ${(error as Error).message}\n`);
} finally {
  await db.$disconnect();
}
process.exit(code);

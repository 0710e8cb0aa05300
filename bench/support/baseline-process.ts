// The seed-style copier (bench/baseline/seed-copier.ts) in its own process, as ours runs in its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SimAccount } from './seed.ts';

export async function startBaseline(
  root: string,
  configDir: string,
  input: { restUrl: string; master: SimAccount; followers: SimAccount[] },
): Promise<ChildProcess> {
  const file = join(configDir, `baseline-${input.master.userId}.json`);
  const keys = (a: SimAccount) => ({ apiKey: a.apiKey, apiSecret: a.apiSecret });
  writeFileSync(
    file,
    JSON.stringify({
      restUrl: input.restUrl,
      master: keys(input.master),
      followers: input.followers.map(keys),
    }),
    { mode: 0o600 },
  );
  const child = spawn(process.execPath, ['bench/baseline/seed-copier.ts', file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the baseline copier did not start in 20 s')), 20_000);
    lines.on('line', (line) => {
      if (line === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the baseline copier exited with ${code}`)));
  });
  return child;
}

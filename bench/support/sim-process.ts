// The exchange simulator in a child process, as a real exchange would be: its own CPU, its own event loop.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `root`: the checkout whose simulator runs (another one's for a before/after); `nodeArgs`: flags
 * for its node (e.g. `--cpu-prof`).
 */
export async function startSimProcess(
  pinned: boolean,
  options: { root?: string; nodeArgs?: string[] } = {},
): Promise<{ child: ChildProcess; url: string }> {
  const main = join(options.root ?? '.', 'packages/exchange-sim/src/main.ts');
  const args = [...(options.nodeArgs ?? []), main, '--port', '0'];
  const child = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start in 10 s')), 10_000);
    lines.on('line', (line) => {
      const m = /REST (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { child, url };
}

export async function control(url: string, method: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}/sim/v1${path}`, { method, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

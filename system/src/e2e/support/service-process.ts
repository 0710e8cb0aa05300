// A service in its own process, exactly as deployed (`node services/<name>/src/main.ts`), so that a
// test can kill it with SIGKILL: no `stop()`, no finally block, no lock released.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '../../../..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Its log lines so far (the last 500), for a failing test's message. */
  readonly logs: string[];
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (finish in-flight work, close connections), resolved once it exited. */
  stop(): Promise<void>;
}

/** Spawns the service and resolves once it logged `started`; rejects if it exits or times out first. */
export async function startServiceProcess(
  service: 'executor' | 'mapper',
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [`services/${service}/src/main.ts`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const keep = (line: string) => {
    logs.push(line);
    if (logs.length > 500) logs.shift();
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (name: NodeJS.Signals) => {
    if (!gone()) child.kill(name);
    await exited;
  };
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${service} did not start in ${timeoutMs} ms:\n${logs.join('\n')}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      if (line.includes('"msg":"started"')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      fail(new Error(`${service} exited (${code ?? sig}) before it started:\n${logs.join('\n')}`));
    });
  });
  return {
    child,
    logs,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

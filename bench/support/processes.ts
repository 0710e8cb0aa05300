// The services as separate processes, and what each costs: CPU time and peak RSS read from /proc.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compileDeployedCodeOnce, serviceNodeOptions } from './deployed-node-options.ts';
import { deployedNice } from './deployed-priority.ts';

export interface Service {
  name: string;
  child: ChildProcess;
}

export function spawnService(
  name: string,
  root: string,
  env: NodeJS.ProcessEnv,
  nodeFlags: string[] = [],
): Service {
  compileDeployedCodeOnce();
  const child = spawn(process.execPath, [...nodeFlags, `services/${name}/src/main.ts`], {
    cwd: root,
    env: {
      ...env,
      NODE_OPTIONS: serviceNodeOptions(root, env.NODE_OPTIONS),
      PROCESS_NICE: deployedNice(root, name) ?? env.PROCESS_NICE,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // A service that dies mid-run would show as a hole in the figures: say so at once.
  const lines: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 20) lines.shift();
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGKILL')
      process.stderr.write(`\nbench: ${name} exited (${code ?? signal}):\n${lines.join('')}\n`);
  });
  return { name, child };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface Usage {
  /** User + system CPU time since the process started. */
  cpuMs: number;
  /** Peak resident set (VmHWM) since start or since the last resetPeak. */
  peakRssMb: number;
  rssMb: number;
  /**
   * Write system calls since start (`/proc/<pid>/io` syscw): each socket write to Redis, PostgreSQL or
   * the exchange is one (the CPU profiles' biggest single item is such writes, which wake their
   * reader). A count moves far less with the machine's speed than a time does (a write made while the
   * socket is still busy joins the next one). null where unreadable.
   */
  writeSyscalls: number | null;
  /**
   * Times the main thread (the event loop) slept and was woken since start (its voluntary context
   * switches, `/proc/<pid>/status`): on a virtual machine each goes through the host. null where unreadable.
   */
  wakeups: number | null;
}

function ioCount(pid: number, field: string): number | null {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const value = new RegExp(`^${field}:\\s+(\\d+)$`, 'm').exec(io)?.[1];
    return value === undefined ? null : Number(value);
  } catch {
    return null;
  }
}

/** null once the process is gone (or off Linux). */
export function readUsage(pid: number | undefined): Usage | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) / clockTicks()) * 1000;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const wakeups = /^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status)?.[1];
    return {
      cpuMs,
      peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10,
      rssMb: Math.round(kb('VmRSS') / 102.4) / 10,
      writeSyscalls: ioCount(pid, 'syscw'),
      wakeups: wakeups === undefined ? null : Number(wakeups),
    };
  } catch {
    return null;
  }
}

/** Starts a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM); false where it cannot. */
export function resetPeak(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The machine's data servers, whose CPU the copy path also spends (shared with anything else using them). */
const serverCommands = { redis: 'redis-server', postgres: 'postgres' } as const;
export type ServerCpu = Record<keyof typeof serverCommands, number>;

/** CPU time of every redis-server and postgres process now alive, summed per server (Linux; zeros elsewhere). */
export function readServerCpuMs(): ServerCpu {
  const total: ServerCpu = { redis: 0, postgres: 0 };
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return total;
  }
  for (const pid of pids) {
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue; // gone meanwhile
    }
    for (const [server, command] of Object.entries(serverCommands) as [keyof ServerCpu, string][]) {
      if (comm === command) total[server] += readUsage(Number(pid))?.cpuMs ?? 0;
    }
  }
  return total;
}

/** One process over one phase: its CPU, peak RSS, write system calls and wake-ups. */
export interface WindowUsage {
  cpuMs: number;
  peakRssMb: number;
  rssMb: number;
  writeSyscalls: number | null;
  wakeups: number | null;
}

/** Each process's CPU time, peak RSS, write system calls and wake-ups over one phase. */
export class UsageWindow {
  private readonly start = new Map<string, Usage | null>();
  private readonly serversAtStart = readServerCpuMs();
  private readonly processes: { name: string; pid: number | undefined }[];
  readonly peakResetWorked: boolean;

  constructor(processes: { name: string; pid: number | undefined }[]) {
    this.processes = processes;
    let all = true;
    for (const p of processes) {
      all = resetPeak(p.pid) && all;
      this.start.set(p.name, readUsage(p.pid));
    }
    this.peakResetWorked = all;
  }

  finish(): Record<string, WindowUsage | null> {
    const out: Record<string, WindowUsage | null> = {};
    for (const p of this.processes) {
      const u = readUsage(p.pid);
      const at = this.start.get(p.name);
      const since = (now: number | null, then: number | null | undefined) =>
        now === null || then === null || then === undefined ? null : now - then;
      out[p.name] = u && {
        cpuMs: Math.round(u.cpuMs - (at?.cpuMs ?? 0)),
        peakRssMb: u.peakRssMb,
        rssMb: u.rssMb,
        writeSyscalls: since(u.writeSyscalls, at?.writeSyscalls),
        wakeups: since(u.wakeups, at?.wakeups),
      };
    }
    return out;
  }

  /**
   * CPU of Redis and PostgreSQL over the phase, machine-wide: exact on a machine running nothing else
   * (a PostgreSQL backend that exited meanwhile takes its share with it).
   */
  serverCpuMs(): ServerCpu {
    const now = readServerCpuMs();
    return {
      redis: Math.round(now.redis - this.serversAtStart.redis),
      postgres: Math.round(Math.max(0, now.postgres - this.serversAtStart.postgres)),
    };
  }
}

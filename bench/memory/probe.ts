// Preloaded into a service (node --import) by bench/memory.ts: keeps the peak of each
// process.memoryUsage() figure and the GC pauses, and on SIGUSR2 writes the current and peak figures
// and the pauses since the last signal to $MEMORY_PROBE_DIR/<pid>.json, starting a new window.
// Costs one timer and a GC observer; nothing in a service knows about it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const dir = process.env.MEMORY_PROBE_DIR;
if (dir) {
  type Figures = ReturnType<typeof process.memoryUsage>;
  let peak: Figures = process.memoryUsage();
  const sample = () => {
    const now = process.memoryUsage();
    for (const key of Object.keys(now) as (keyof Figures)[]) peak[key] = Math.max(peak[key], now[key]);
    return now;
  };
  setInterval(sample, 100).unref();
  // What a heap setting costs in time: every GC pause, by kind (minor = scavenge, major = mark-compact).
  let gc = { count: 0, totalMs: 0, maxMs: 0, minor: 0, major: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    const now = sample();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    );
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ now, peak, spaces, gc }));
    peak = now;
    gc = { count: 0, totalMs: 0, maxMs: 0, minor: 0, major: 0 };
  });
}

// Preloaded into a service (node --import) by bench/memory.ts: keeps the peak of each
// process.memoryUsage() figure, and on SIGUSR2 writes the current and peak figures to
// $MEMORY_PROBE_DIR/<pid>.json and starts a new peak window. Costs one timer; nothing in a service
// knows about it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  process.on('SIGUSR2', () => {
    const now = sample();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    );
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ now, peak, spaces }));
    peak = now;
  });
}

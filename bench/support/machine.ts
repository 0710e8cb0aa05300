import { cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on: they mean nothing without it. */
export function describeMachine() {
  const cores = cpus();
  return {
    cores: cores.length,
    model: cores[0]?.model.trim() ?? 'unknown',
    ramBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

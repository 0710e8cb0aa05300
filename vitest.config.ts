import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit specs (`*.test.ts`) need nothing running; integration specs (`*.int.test.ts`) talk to
// real Redis, PostgreSQL and the simulator, each file under its own queue prefix / schema so
// files run in parallel.
export default defineConfig({
  test: {
    // Vitest's default, one worker fewer than cores, is a single worker on two cores, where most of an
    // integration file's time is spent waiting on Redis, PostgreSQL, the simulator, the browser or a
    // timer: two files at a time took the suite from 722 s to 484 s on the same 2-core machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{packages,services,scripts,bench,system}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          globalSetup: ['scripts/test-services.global-setup.ts'],
          include: ['{packages,services,scripts,bench,system}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

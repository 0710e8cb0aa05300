import { defineConfig } from 'vitest/config';

// Unit specs (`*.test.ts`) need nothing running; integration specs (`*.int.test.ts`) talk to
// real Redis, PostgreSQL and the simulator, each file under its own queue prefix / schema so
// files run in parallel.
export default defineConfig({
  test: {
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

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedNice } from './deployed-priority.ts';

const root = resolve(import.meta.dirname, '../..');

describe('the services’ CPU niceness in the benchmarks', () => {
  it('is docker-compose.yml’s: audit and exit-sync nicer, the copy path at the default', () => {
    for (const service of ['audit', 'exit-sync'])
      expect(Number(deployedNice(root, service))).toBeGreaterThan(0);
    for (const service of ['listener', 'mapper', 'executor'])
      expect(deployedNice(root, service)).toBeUndefined();
  });
});

import { resolve } from 'node:path';
import { prismaLoadedBy } from '@copytrade/db/testing';
import { describe, expect, it } from 'vitest';

describe('the executor', () => {
  it('loads no part of Prisma: its intents and accounts are plain SQL, and Prisma’s client and query compiler cost ~50 MB in a process that queries through them', () => {
    expect(prismaLoadedBy(resolve(import.meta.dirname, 'start.ts'))).toEqual([]);
  });
});

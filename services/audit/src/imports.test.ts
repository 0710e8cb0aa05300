import { resolve } from 'node:path';
import { prismaLoadedBy } from '@copytrade/db/testing';
import { describe, expect, it } from 'vitest';

describe('the audit service', () => {
  it('loads no part of Prisma: it runs its own SQL, and Prisma’s client costs memory in every process that loads it', () => {
    expect(prismaLoadedBy(resolve(import.meta.dirname, 'start.ts'))).toEqual([]);
  });
});

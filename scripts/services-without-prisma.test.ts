import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prismaLoadedBy } from '../packages/db/src/testing/index.ts';

// The copy path's services and exit-sync run only their own SQL (`@copytrade/db/sql`). Prisma's client and query
// compiler cost ~50 MB of memory in a process that queries through them, ~10 MB in one that only
// loads them. The gateway and the notifier use Prisma.
describe.each(['listener', 'mapper', 'executor', 'audit', 'exit-sync'])('%s', (service) => {
  it('loads no part of Prisma', () => {
    expect(prismaLoadedBy(resolve(import.meta.dirname, `../services/${service}/src/start.ts`))).toEqual([]);
  });
});

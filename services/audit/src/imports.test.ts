import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Loads the service's modules in a fresh Node and lists every module whose path names Prisma.
const listPrisma = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (/prisma/i.test(resolved.url)) loaded.add(resolved.url);
    return resolved;
  },
});
await import(process.argv[1]);
process.stdout.write(JSON.stringify([...loaded]));
process.exit(0);
`;

describe('the audit service', () => {
  it('loads no part of Prisma: it runs its own SQL, and Prisma’s client costs memory in every process that loads it', () => {
    const start = resolve(import.meta.dirname, 'start.ts');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', listPrisma, start], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([]);
  });
});

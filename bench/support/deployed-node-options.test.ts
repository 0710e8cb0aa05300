import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedNodeOptions, serviceNodeOptions } from './deployed-node-options.ts';

const root = resolve(import.meta.dirname, '../..');

describe('the services’ V8 flags in the benchmarks', () => {
  it('are the image’s NODE_OPTIONS, so the bench measures what is deployed', () => {
    expect(deployedNodeOptions(root)).toMatch(/--max-semi-space-size=\d+/);
    expect(deployedNodeOptions(root)).toMatch(/--max-old-space-size=\d+/);
  });

  it('load the build’s JavaScript through the image’s hook, found in this checkout', () => {
    const hook = `${root}/scripts/compiled-js/hooks.mjs`;
    expect(deployedNodeOptions(root).split(' ')).toContain(`--import=${hook}`);
    expect(existsSync(hook)).toBe(true);
    // The image compiles after the last source (the generated Prisma client) is in place.
    const dockerfile = readFileSync(`${root}/infra/Dockerfile`, 'utf8');
    const generated = dockerfile.indexOf('COPY --from=deps /app/packages/db/src/generated');
    expect(generated).toBeGreaterThan(0);
    expect(dockerfile.indexOf('RUN node scripts/compiled-js/compile.ts')).toBeGreaterThan(generated);
  });

  it('come before any given to the bench, so a flag given there wins', () => {
    const deployed = deployedNodeOptions(root);
    expect(serviceNodeOptions(root, '--max-semi-space-size=64')).toBe(`${deployed} --max-semi-space-size=64`);
    expect(serviceNodeOptions(root, undefined)).toBe(deployed);
  });
});

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedNodeOptions, serviceNodeOptions } from './deployed-node-options.ts';

const root = resolve(import.meta.dirname, '../..');

describe('the services’ V8 flags in the benchmarks', () => {
  it('are the image’s NODE_OPTIONS, so the bench measures what is deployed', () => {
    expect(deployedNodeOptions(root)).toMatch(/--max-semi-space-size=\d+/);
    expect(deployedNodeOptions(root)).toMatch(/--max-old-space-size=\d+/);
  });

  it('come before any given to the bench, so a flag given there wins', () => {
    const deployed = deployedNodeOptions(root);
    expect(serviceNodeOptions(root, '--max-semi-space-size=64')).toBe(`${deployed} --max-semi-space-size=64`);
    expect(serviceNodeOptions(root, undefined)).toBe(deployed);
  });
});

// The V8 flags the services run with in production, read from the image that deploys them
// (infra/Dockerfile's `ENV NODE_OPTIONS`), so the benchmarks measure what is deployed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function deployedNodeOptions(root: string): string {
  const dockerfile = readFileSync(join(root, 'infra/Dockerfile'), 'utf8');
  const match = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile);
  if (!match) throw new Error('infra/Dockerfile sets no ENV NODE_OPTIONS="..." line');
  return match[1]!;
}

/** The deployed flags, then any given to the benchmark (later flags win, e.g. to try another value). */
export function serviceNodeOptions(root: string, extra: string | undefined): string {
  return [deployedNodeOptions(root), extra ?? ''].join(' ').trim();
}

// The Node flags the services run with in production, read from the image that deploys them
// (infra/Dockerfile's `ENV NODE_OPTIONS`), so the benchmarks measure what is deployed: V8's heap
// sizes, and the hook that loads the build's JavaScript (compiled here as the image's build does).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDeployedCode } from '../../scripts/compiled-js/compile.ts';

/** The image's NODE_OPTIONS, its paths in the image (/app/…) read as paths in this checkout. */
export function deployedNodeOptions(root: string): string {
  const dockerfile = readFileSync(join(root, 'infra/Dockerfile'), 'utf8');
  const match = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile);
  if (!match) throw new Error('infra/Dockerfile sets no ENV NODE_OPTIONS="..." line');
  return match[1]!.replaceAll('=/app/', `=${root}/`);
}

let compiled = false;

/**
 * Strips the types of the deployed code (and of any other sources given) into `.compiled/`, as the
 * image's build step does, once per benchmark process: the deployed hook then serves it.
 */
export function compileDeployedCodeOnce(extraSources: string[] = []): void {
  if (compiled) return;
  compileDeployedCode(undefined, extraSources);
  compiled = true;
}

/** The deployed flags, then any given to the benchmark (later flags win, e.g. to try another value). */
export function serviceNodeOptions(root: string, extra: string | undefined): string {
  return [deployedNodeOptions(root), extra ?? ''].join(' ').trim();
}

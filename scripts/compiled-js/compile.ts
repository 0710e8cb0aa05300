// `node scripts/compiled-js/compile.ts [--out <dir>]`: compiles the sources of every package and
// service (packages/*/src, services/*/src) into `.compiled/` (or `--out`), for `hooks.mjs`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileSources, sourcesUnder } from './compile-sources.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const defaultCompiledDir = join(repoRoot, '.compiled');

/** The source folders of the deployed code: each package's and each service's `src/`. */
export function deployedSourceDirs(root: string): string[] {
  return ['packages', 'services'].flatMap((top) =>
    readdirSync(join(root, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, top, entry.name, 'src')),
  );
}

/** Compiles the deployed code (and any other files named) into `outDir`. */
export function compileDeployedCode(outDir = defaultCompiledDir, extraSources: string[] = []): number {
  return compileSources([...sourcesUnder(deployedSourceDirs(repoRoot)), ...extraSources], outDir);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const started = performance.now();
  const count = compileDeployedCode(values.out === undefined ? undefined : resolve(values.out));
  process.stdout.write(`compiled ${count} sources in ${Math.round(performance.now() - started)} ms\n`);
}

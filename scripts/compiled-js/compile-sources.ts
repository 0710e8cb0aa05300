// The build step of the deployed image and the benchmarks: each TypeScript source stripped of its
// types ahead of time, as Node itself would strip it when loading it, so that a service process never
// loads Node's type stripper (a Wasm module and the source text it keeps: ~27 MB of RSS per process).
// `hooks.mjs` serves these files in place of the sources.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** Where a source's compiled JavaScript goes: under `outDir`, at the source's absolute path plus `.js`. */
export function compiledPathOf(outDir: string, sourcePath: string): string {
  return join(outDir, `${resolve(sourcePath)}.js`);
}

/** Every `.ts` file under the given directories, tests and declarations left out. */
export function sourcesUnder(dirs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (/(?<!\.d|\.test)\.ts$/.test(entry.name)) found.push(path);
    }
  };
  for (const dir of dirs) walk(resolve(dir));
  return found;
}

/**
 * Strips the types of each source into `outDir` ('strip' mode, as Node runs TypeScript: types become
 * blanks, so every line and column, and so every stack trace, stays where it is in the source).
 */
export function compileSources(sources: readonly string[], outDir: string): number {
  for (const source of sources) {
    const code = stripTypeScriptTypes(readFileSync(source, 'utf8'), { mode: 'strip' });
    const target = compiledPathOf(outDir, source);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  return sources.length;
}

// Preloaded with `--import` (infra/Dockerfile's NODE_OPTIONS, and `pnpm bench`): loads each TypeScript
// module from the JavaScript `compile.ts` wrote for it, so Node's type stripper is never loaded. Plain
// JavaScript on purpose: a TypeScript file here would load the stripper itself. The module keeps its
// own URL (import.meta.url, relative reads of .lua and .sql files, stack traces are the source's).
// A source newer than its compiled file, one never compiled, or one outside an ES-module package
// ("type": "module", as every package here is) loads as before: stripped by Node.
import { readFileSync, statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const compiledDir = process.env.COMPILED_JS_DIR || fileURLToPath(new URL('../../.compiled', import.meta.url));

/** Whether the nearest package.json above a directory says "type": "module" (cached per directory). */
const esmDirs = new Map();
function inEsmPackage(dir) {
  let esm = esmDirs.get(dir);
  if (esm !== undefined) return esm;
  try {
    esm = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module';
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    esm = dirname(dir) === dir ? false : inEsmPackage(dirname(dir));
  }
  esmDirs.set(dir, esm);
  return esm;
}

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
    const sourcePath = fileURLToPath(url);
    const compiledPath = join(compiledDir, `${sourcePath}.js`);
    const compiled = statSync(compiledPath, { throwIfNoEntry: false });
    if (compiled === undefined || compiled.mtimeMs < statSync(sourcePath).mtimeMs)
      return nextLoad(url, context);
    if (!inEsmPackage(dirname(sourcePath))) return nextLoad(url, context);
    return { format: 'module', source: readFileSync(compiledPath, 'utf8'), shortCircuit: true };
  },
});

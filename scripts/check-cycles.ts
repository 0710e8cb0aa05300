// Fails when relative imports form a cycle (an import cycle makes load order, and so
// `undefined` at start-up, depend on which file happens to be imported first).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const importPattern = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'generated') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const roots = ['packages', 'services', 'system'].flatMap((top) =>
  (top === 'system' ? [''] : readdirSync(join(root, top))).map((name) => join(root, top, name, 'src')),
);
const files = roots
  .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
  .flatMap(sourceFiles);
const edges = new Map(
  files.map((file) => [
    file,
    [...readFileSync(file, 'utf8').matchAll(importPattern)].map((m) => resolve(dirname(file), m[1] ?? '')),
  ]),
);

const state = new Map<string, 'open' | 'done'>();
const cycles: string[][] = [];
function visit(file: string, path: string[]): void {
  if (state.get(file) === 'done') return;
  if (state.get(file) === 'open') {
    cycles.push([...path.slice(path.indexOf(file)), file]);
    return;
  }
  state.set(file, 'open');
  for (const next of edges.get(file) ?? []) if (edges.has(next)) visit(next, [...path, file]);
  state.set(file, 'done');
}
for (const file of files) visit(file, []);

if (cycles.length > 0) {
  for (const cycle of cycles)
    console.error(`import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycles in ${files.length} files`);

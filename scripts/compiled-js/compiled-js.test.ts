import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledPathOf, compileSources, sourcesUnder } from './compile-sources.ts';
import { compileDeployedCode, repoRoot } from './compile.ts';

const hooks = join(import.meta.dirname, 'hooks.mjs');
const work = mkdtempSync(join(tmpdir(), 'compiled-js-'));
const outDir = join(work, 'out');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a module run with the hook reports: its value, whether Node's type stripper was loaded. */
interface Report {
  value: string;
  stripperLoaded: boolean;
  url: string;
}

function run(entry: string, withHook = true): Report {
  const out = execFileSync(process.execPath, [...(withHook ? ['--import', hooks] : []), entry], {
    env: { ...process.env, COMPILED_JS_DIR: outDir, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Report;
}

const stripperLoaded = `process.moduleLoadList.some((name) => name.includes('internal/deps/amaro'))`;

describe('modules compiled ahead of time (scripts/compiled-js)', () => {
  const dir = join(work, 'src');
  const main = join(dir, 'main.ts');
  const value = join(dir, 'value.ts');
  mkdirSync(dir, { recursive: true });
  // An ES-module package, as every package of this repository is.
  writeFileSync(join(work, 'package.json'), '{ "type": "module" }');
  writeFileSync(
    main,
    `import { value } from './value.ts';\nconst report: { value: string } = { value: value() };\n` +
      `console.log(JSON.stringify({ ...report, stripperLoaded: ${stripperLoaded}, url: import.meta.url }));\n`,
  );
  writeFileSync(value, `export function value(): string {\n  return 'from the source';\n}\n`);

  it('compiles the sources (tests left out) and loads them without the type stripper, at their own URL', () => {
    writeFileSync(join(dir, 'value.test.ts'), 'throw new Error("a test is not deployed");\n');
    expect(sourcesUnder([dir]).sort()).toEqual([main, value]);
    compileSources(sourcesUnder([dir]), outDir);
    // What runs is the compiled file: changed there (still newer than the source), the change shows.
    const compiledValue = compiledPathOf(outDir, value);
    writeFileSync(compiledValue, readFileSync(compiledValue, 'utf8').replace('from the source', 'compiled'));
    expect(run(main)).toEqual({ value: 'compiled', stripperLoaded: false, url: `file://${main}` });
    // Without the hook, the same entry is stripped by Node as before.
    expect(run(main, false)).toEqual({
      value: 'from the source',
      stripperLoaded: true,
      url: `file://${main}`,
    });
  });

  it('loads a source changed since it was compiled from the source', () => {
    compileSources([main, value], outDir);
    writeFileSync(value, `export function value(): string {\n  return 'edited';\n}\n`);
    const later = new Date(Date.now() + 10_000);
    utimesSync(value, later, later);
    expect(run(main)).toMatchObject({ value: 'edited', stripperLoaded: true });
  });

  it('keeps every line and column where it is in the source, so stack traces point at the source', () => {
    const thrower = join(dir, 'thrower.ts');
    writeFileSync(
      thrower,
      `interface Unused {\n  a: number;\n}\nconst x: Unused | null = null;\n  throw new Error(\`at \${String(x)}\`);\n`,
    );
    compileSources([thrower], outDir);
    const stackOf = (withHook: boolean) => {
      try {
        execFileSync(process.execPath, [...(withHook ? ['--import', hooks] : []), thrower], {
          env: { ...process.env, COMPILED_JS_DIR: outDir, NODE_OPTIONS: '' },
          stdio: 'pipe',
        });
      } catch (error) {
        return String((error as { stderr: Buffer }).stderr);
      }
      throw new Error('expected the module to throw');
    };
    expect(stackOf(true)).toContain(`${thrower}:5:9`);
    expect(stackOf(false)).toContain(`${thrower}:5:9`);
  });

  describe.each(['listener', 'mapper', 'executor', 'audit', 'exit-sync', 'gateway', 'notifier'])(
    'the %s service, compiled as the image does',
    (service) => {
      it('loads every module without the type stripper', () => {
        const deployed = join(work, 'deployed');
        if (!existsSync(deployed)) compileDeployedCode(deployed);
        const start = join(repoRoot, `services/${service}/src/start.ts`);
        const out = execFileSync(
          process.execPath,
          [
            '--import',
            hooks,
            '--input-type=module',
            '-e',
            `await import(${JSON.stringify(start)}); console.log(${stripperLoaded});`,
          ],
          { env: { ...process.env, COMPILED_JS_DIR: deployed, NODE_OPTIONS: '' }, encoding: 'utf8' },
        );
        expect(out.trim()).toBe('false');
      });
    },
  );
});

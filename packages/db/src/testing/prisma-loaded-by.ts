import { execFileSync } from 'node:child_process';

// Loads a module in a fresh Node and lists every module it pulls in whose path names Prisma.
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

/** The Prisma modules that importing `entry` (an absolute path) loads: none for a plain-SQL service. */
export function prismaLoadedBy(entry: string): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', listPrisma, entry], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

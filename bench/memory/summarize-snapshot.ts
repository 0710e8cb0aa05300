// Summarises a V8 heap snapshot (from `pnpm bench:memory --snapshot`): the live heap's total and
// the largest groups of objects by constructor/type, self size and count.
// Usage: node bench/memory/summarize-snapshot.ts <file.heapsnapshot> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: summarize-snapshot.ts <file.heapsnapshot> [top]');
const snap = JSON.parse(readFileSync(file, 'utf8')) as {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = fields.length;
const at = { type: fields.indexOf('type'), name: fields.indexOf('name'), size: fields.indexOf('self_size') };
const groups = new Map<string, { size: number; count: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + at.type]!]!;
  const size = snap.nodes[i + at.size]!;
  total += size;
  // Strings and code are grouped by type; objects by constructor name.
  const name =
    type === 'object' || type === 'closure' ? `${type} ${snap.strings[snap.nodes[i + at.name]!]}` : type;
  const g = groups.get(name) ?? { size: 0, count: 0 };
  g.size += size;
  g.count += 1;
  groups.set(name, g);
}
const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
process.stdout.write(`${file}: live heap ${mb(total)} MB in ${snap.nodes.length / width} objects\n`);
for (const [name, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, Number(topArg ?? 25)))
  process.stdout.write(`${mb(g.size).padStart(8)} MB ${String(g.count).padStart(8)}  ${name.slice(0, 90)}\n`);

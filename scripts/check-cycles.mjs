// Fails when value imports (not `import type`) among src/**/*.ts form a cycle: dependencies point one
// way (ui -> worker -> core, node -> core). Run by `npm run lint`. Usage: node scripts/check-cycles.mjs [dir]
import fs from 'node:fs';
import path from 'node:path';
const root = process.argv[2] ?? 'src';
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.push(p);
  }
};
walk(root);
const resolve = (from, spec) => {
  const b = path.resolve(path.dirname(from), spec);
  for (const c of [b + '.ts', b + '.tsx', path.join(b, 'index.ts')])
    if (fs.existsSync(c)) return path.relative('.', c);
  return null;
};
const g = new Map();
for (const f of files) {
  const src = fs.readFileSync(f, 'utf8');
  const deps = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm))
    if (!m[1]) {
      const r = resolve(f, m[2]);
      if (r) deps.push(r);
    }
  g.set(path.relative('.', f), deps);
}
const state = new Map();
const stack = [];
const cycles = new Set();
const dfs = (n) => {
  state.set(n, 1);
  stack.push(n);
  for (const d of g.get(n) ?? []) {
    if (state.get(d) === 1) cycles.add(stack.slice(stack.indexOf(d)).concat(d).join(' -> '));
    else if (!state.get(d)) dfs(d);
  }
  stack.pop();
  state.set(n, 2);
};
for (const n of g.keys()) if (!state.get(n)) dfs(n);
if (cycles.size) {
  console.error(`import cycles:\n${[...cycles].join('\n')}`);
  process.exit(1);
}

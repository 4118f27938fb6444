#!/usr/bin/env node
// Build the CLI into one self-contained ES module: dist-cli/kheaders-inspector.mjs (the package's
// `bin`). No tsx and no node_modules at run time, so the installed command starts fast.
// --if-stale: skip the build when the bundle is newer than every file under src/ (npm run inspect).
import { build } from 'esbuild';
import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir DIR: build elsewhere (tests build a private copy).
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : join(root, 'dist-cli');
const outfile = join(outdir, 'kheaders-inspector.mjs');

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

if (process.argv.includes('--if-stale')) {
  let built = 0;
  try {
    built = statSync(outfile).mtimeMs;
  } catch {
    /* not built yet */
  }
  const deps = Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (built > Math.max(deps, statSync(fileURLToPath(import.meta.url)).mtimeMs)) process.exit(0);
}

// Chunk names carry a content hash: clear the old ones, or `npm pack` ships every earlier build's.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

/**
 * The format registry's "It looks for …" sentence for --help and usage errors, worked out here from
 * src/core/formats (bundled to a temporary module and imported), so that printing the usage does not
 * load the core chunk at run time (src/node/cli/main.ts falls back to the import when it is absent).
 */
async function lookedForText() {
  const tmp = join(outdir, `.looked-for-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'src', 'core', 'formats', 'index.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  try {
    return (await import(pathToFileURL(tmp).href)).lookedFor();
  } finally {
    rmSync(tmp, { force: true });
  }
}

await build({
  // The xz decoding worker of --extract (src/node/xz-shared-decode.ts starts it from beside its chunk).
  entryPoints: {
    'kheaders-inspector': join(root, 'src', 'cli.ts'),
    'chunks/xz-worker': join(root, 'src', 'node', 'xz-worker.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  // The core (codecs, WASM) is a separate chunk, imported only when a FILE is read: --help and usage
  // errors start without parsing it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'inline',
  banner: { js: '#!/usr/bin/env node' },
  define: { KHI_LOOKED_FOR: JSON.stringify(await lookedForText()) },
  logLevel: 'warning',
});

// The WebAssembly decoders are loaded with new URL('./x.wasm', import.meta.url) from the core chunk
// (src/core/wasm/load.ts reads the file in Node): put them beside it.
const wasmDir = join(root, 'src', 'core', 'wasm');
for (const f of readdirSync(wasmDir).filter((n) => n.endsWith('.wasm'))) {
  copyFileSync(join(wasmDir, f), join(outdir, 'chunks', f));
}

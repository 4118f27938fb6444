/**
 * Vite build plugin: once the app is written, list every file in the output folder (source maps
 * aside), hash them into a version, and bundle src/sw/service-worker.ts to `sw.js` with that list
 * injected. Any change to any built file gives a new sw.js, which the browser installs as an update.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

export const SW_FILE = 'sw.js';

/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Every built file but source maps and the service worker itself, relative, '/'-separated, sorted. */
/**
 * @param {string} outDir
 * @returns {import('../src/sw/route').PrecacheManifest}
 */
export function precacheManifest(outDir) {
  const files = listFiles(outDir)
    .map((p) => relative(outDir, p).split(sep).join('/'))
    .filter((f) => !f.endsWith('.map') && f !== SW_FILE)
    .sort();
  const h = createHash('sha256');
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(readFileSync(join(outDir, f)));
  return { version: h.digest('hex').slice(0, 16), files };
}

/**
 * @param {string} entry the service worker's source, relative to the project root
 * @returns {import('vite').Plugin}
 */
export function serviceWorker(entry) {
  /** @type {import('vite').ResolvedConfig} */
  let config;
  return {
    name: 'khi-service-worker',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    async closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const manifest = precacheManifest(outDir);
      await build({
        entryPoints: [resolve(config.root, entry)],
        bundle: true,
        format: 'iife',
        target: 'es2022',
        minify: true,
        legalComments: 'none',
        define: { __KHI_PRECACHE__: JSON.stringify(manifest) },
        outfile: join(outDir, SW_FILE),
        logLevel: 'warning',
      });
    },
  };
}

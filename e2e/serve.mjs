// Build the app and serve dist/ with `vite preview` on a free port. Shared by e2e/run.mjs and
// bench/browser.mjs. The server runs in its own process group so stop() ends it and its children.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

export function build(extra = []) {
  const b = spawnSync(bin('vite'), ['build', '--logLevel', 'warn', ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  if (b.status !== 0) throw new Error(`vite build failed (${b.status})`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not answer at ${url} within ${ms} ms`);
}

/** Serve dist/; returns the base URL and stop(). */
export async function serve() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn(
    bin('vite'),
    ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  try {
    await waitFor(base, 30_000);
  } catch (e) {
    stop();
    throw e;
  }
  return { base, stop };
}

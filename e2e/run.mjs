#!/usr/bin/env node
// e2e runner: build the app, serve dist/ on a free port, run Playwright against it, always stop the
// server. Extra arguments go to `playwright test` (a spec file, -g "name", …); --no-build skips the build.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build, root, serve } from './serve.mjs';

const args = process.argv.slice(2);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

let code;
try {
  if (!args.includes('--no-build')) build();
  const { base, stop } = await serve();
  try {
    const t = spawnSync(
      join(root, 'node_modules', '.bin', 'playwright'),
      ['test', '-c', 'playwright.config.ts', ...args.filter((a) => a !== '--no-build')],
      { cwd: root, stdio: 'inherit', env: { ...process.env, KHI_BASE_URL: base } },
    );
    code = t.status ?? 1;
  } finally {
    stop();
  }
} catch (e) {
  console.error(String(e));
  code = 1;
}
process.exit(code);

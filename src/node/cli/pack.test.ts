/**
 * The packed package works on its own: `npm pack`, install the tarball into an empty folder (offline:
 * the CLI is one bundle with no runtime dependencies), then `npx kheaders-inspector FILE`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'khi-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  });

describe('npm pack → install → npx kheaders-inspector', () => {
  it('the installed command reads a fixture and extracts its headers, with no dependencies installed', () => {
    const packs = join(tmp, 'packs');
    execFileSync('mkdir', ['-p', packs]);
    npm(['pack', '--pack-destination', packs], process.cwd());
    const tgz = readdirSync(packs).find((f) => f.endsWith('.tgz'))!;
    const app = join(tmp, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"empty","version":"1.0.0","private":true}\n');
    npm(['install', '--offline', join(packs, tgz)], app);
    // Nothing but the package itself: the CLI is self-contained.
    expect(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual([
      'kheaders-inspector',
    ]);
    const fixture = resolve('test/fixtures/e2e/kheaders.tar.xz');
    const out = execFileSync('npx', ['--offline', '--no', '--', 'kheaders-inspector', '--json', fixture], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(JSON.parse(out).headers.files).toBe(133);
    // The command the README gives bcc users: the header tree on disk.
    const kh = join(tmp, 'kh');
    const x = execFileSync(
      'npx',
      ['--offline', '--no', '--', 'kheaders-inspector', '--extract', kh, fixture],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );
    expect(x).toBe(
      `${kh}: 133 files, ${readdirSync(kh, { recursive: true }).length - 134} folders, 1 links\n`,
    );
    const byTar = execFileSync('tar', ['-xJOf', fixture, '--wildcards', '*include/linux/kconfig.h']);
    expect(readFileSync(join(kh, 'include/linux/kconfig.h')).equals(byTar)).toBe(true);
  });
});

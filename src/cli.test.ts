import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = 'test/fixtures/e2e';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
function cli(args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

describe('CLI twin', () => {
  it('--json prints layers, headers and config', () => {
    const r = cli(['--json', `${dir}/bzImage-fixture.bin`]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.headers).toMatchObject(manifest.headers);
    expect(j.config.options).toBe(manifest.configOptions);
    expect(j.layers[0].children[0].format).toBe('bzimage');
    expect(j.layers[0].children[0].children[0]).toMatchObject({
      format: 'xz',
      offset: manifest.files['bzImage-fixture.bin'].payloadAt,
    });
  });
  it('--list prints size and path of each regular file, sorted, without ./', () => {
    const r = cli(['--list', `${dir}/kheaders.tar.xz`]);
    const lines = r.out.trim().split('\n');
    expect(lines.length).toBe(manifest.headers.files);
    const paths = lines.map((l) => l.split('\t')[1]!);
    expect([...paths].sort()).toEqual(paths);
    expect(paths.every((p) => !p.startsWith('./'))).toBe(true);
    expect(lines.reduce((a, l) => a + Number(l.split('\t')[0]), 0)).toBe(manifest.headers.bytes);
  });
  it('prints a readable layer tree by default', () => {
    const r = cli([`${dir}/ikhd-2019.bin`]);
    expect(r.out).toMatch(/IKHD_ST/);
    expect(r.out).toMatch(/headers: 133 files/);
  });
  it('exits 1 when nothing is found and 2 on usage errors or unreadable files', () => {
    expect(cli([`${dir}/random.bin`]).code).toBe(1);
    expect(cli([]).code).toBe(2);
    expect(cli(['--bogus', 'x']).code).toBe(2);
    const r = cli(['/nonexistent/file']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read/);
  });
});

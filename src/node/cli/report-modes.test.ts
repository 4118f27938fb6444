import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBin, type CliRun } from '../../../test/kit/cli';

const dir = 'test/fixtures/e2e';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
let built: ReturnType<typeof buildCli>;
const cli = (args: string[]): CliRun => runBin(built.bin, args);
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.dispose());

describe('CLI twin (built JavaScript)', () => {
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
  it('exits 1 for a tar.xz bomb that holds no file: a tar alone is not "found"', () => {
    const r = cli(['--json', 'test/fixtures/bombs/empty.tar.xz']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).headers).toBeNull();
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
  it("the layer tree's fields read as the page's: labels, each fact once (--json keeps the keys)", () => {
    const r = cli([`${dir}/bzImage-fixture.bin`]);
    expect(r.out).toContain('Dictionary: 32 MiB');
    expect(r.out).toContain('Size trailer: 52,974 B (= decoded size)');
    expect(r.out).toContain('Boot protocol: 2.15');
    // Raw keys, and the facts another row states: the dictionary in bytes, the sizes again.
    expect(r.out).not.toMatch(/dictionarySize|uncompressedSize|compressedSize|trailingBytes|\w=\w/);
    expect(r.out).not.toContain('kbuild size trailer matches');
    const j = JSON.parse(cli(['--json', `${dir}/bzImage-fixture.bin`]).out);
    expect(j.layers[0].children[0].children[0].fields).toHaveProperty('dictionarySize', 32 << 20);
  });
  it('exits 1 when nothing is found and 2 on usage errors or unreadable files', () => {
    expect(cli([`${dir}/random.bin`]).code).toBe(1);
    expect(cli([]).code).toBe(2);
    expect(cli(['--bogus', 'x']).code).toBe(2);
    expect(cli(['--json', '--list', 'x']).code).toBe(2);
    const r = cli(['/nonexistent/file']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read/);
  });
  it('--help lists every mode and exits 0', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--json', '--list', '--max-output']) expect(r.out).toContain(flag);
  });
  it('several FILEs: each under its own name, the worst exit code wins', () => {
    const r = cli([`${dir}/ikhd-2019.bin`, `${dir}/random.bin`, `${dir}/ikcfg.bin`]);
    expect(r.code).toBe(1);
    const heads = r.out.split('\n').filter((l) => l.startsWith('==> '));
    expect(heads).toEqual([
      `==> ${dir}/ikhd-2019.bin <==`,
      `==> ${dir}/random.bin <==`,
      `==> ${dir}/ikcfg.bin <==`,
    ]);
    expect(r.out).toMatch(/headers: 133 files[\s\S]*No kernel headers or config found/);
    const worse = cli([`${dir}/ikcfg.bin`, '/nonexistent/file']);
    expect(worse.code).toBe(2);
    expect(worse.out).toMatch(/config: {2}\d+ options/);
  });
  it('--json with several FILEs prints one array, one object per FILE in order', () => {
    const r = cli(['--json', `${dir}/kheaders.tar.xz`, `${dir}/ikcfg.bin`]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { input: { name: string } }[];
    expect(j.map((x) => x.input.name)).toEqual(['kheaders.tar.xz', 'ikcfg.bin']);
  });
});

/** --layer N [--decoded]: one layer's bytes on stdout, checked against the native tools. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBin, type CliRun } from '../../../test/kit/cli';

const file = 'test/fixtures/e2e/bzImage-fixture.bin';
const manifest = JSON.parse(readFileSync('test/fixtures/e2e/manifest.json', 'utf8'));
let built: ReturnType<typeof buildCli>;
const cli = (args: string[]): CliRun => runBin(built.bin, args);
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.dispose());

/** The #N of the layer tree's line that names `format` (the first one). */
function layerNumber(format: string): string {
  const m = new RegExp(`\\[#(\\d+) ${format} @`).exec(cli([file]).out);
  if (!m) throw new Error(`no ${format} layer in the tree`);
  return m[1]!;
}

describe('--layer', () => {
  it('the payload as stored, and decoded: what xz -dc gives', () => {
    const n = layerNumber('xz');
    const stored = cli(['--layer', n, file]);
    expect(stored.code).toBe(0);
    const at = manifest.files['bzImage-fixture.bin'].payloadAt;
    expect(stored.bytes.equals(readFileSync(file).subarray(at, at + stored.bytes.length))).toBe(true);
    const vmlinux = cli(['--layer', n, '--decoded', file]);
    expect(vmlinux.code).toBe(0);
    expect(vmlinux.bytes.length).toBe(manifest.files['bzImage-fixture.bin'].vmlinuxSize);
    expect(
      vmlinux.bytes.equals(execFileSync('xz', ['-dc', '--single-stream'], { input: stored.bytes })),
    ).toBe(true);
  });

  it('inside decoded output: the IKCFG gzip stream, and decoded the .config --config prints', () => {
    const n = layerNumber('gzip');
    const gz = cli(['--layer', n, file]).bytes;
    const config = cli(['--layer', n, '--decoded', file]).bytes;
    expect(config.equals(gunzipSync(gz))).toBe(true);
    expect(config.equals(cli(['--config', file]).bytes)).toBe(true);
  });

  it("the headers' xz stream decoded is what --tar prints, the tar layer its archive; layer #0 is the file", () => {
    const tar = cli(['--tar', file]).bytes;
    const tree = cli([file]).out;
    const xz = /\[#(\d+) xz @ \+/.exec(tree)![1]!; // the xz stream inside the vmlinux
    expect(cli(['--layer', xz, '--decoded', file]).bytes.equals(tar)).toBe(true);
    const archive = cli(['--layer', layerNumber('tar'), file]).bytes;
    expect(archive.length).toBeGreaterThan(0);
    expect(archive.equals(tar.subarray(0, archive.length))).toBe(true); // up to its end blocks
    expect(cli(['--layer', '0', file]).bytes.equals(readFileSync(file))).toBe(true);
  });

  it('says what is wrong: not a number, no such layer, --decoded of a layer that is not compressed', () => {
    const bad = cli(['--layer', 'x2', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--layer needs a layer number');
    const none = cli(['--layer', '999', file]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('no layer #999');
    const plain = cli(['--layer', layerNumber('ikcfg'), '--decoded', file]);
    expect(plain.code).toBe(1);
    expect(plain.err).toContain('is not compressed');
    expect(plain.bytes.length).toBe(0);
    expect(cli(['--decoded', file]).code).toBe(2); // an option of --layer alone
    expect(cli(['--layer', '1', file, file]).code).toBe(2); // one layer: one FILE
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBin, type CliRun } from './cli.testkit';

const dir = 'test/fixtures/e2e';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
const expectedConfig = readFileSync(`${dir}/ikconfig.expected`);
let built: ReturnType<typeof buildCli>;
const cli = (args: string[]): CliRun => runBin(built.bin, args);
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.dispose());

describe('--config (built JavaScript)', () => {
  // scripts/extract-ikconfig prints the gunzipped IKCONFIG blob: ikconfig.expected is that blob's text.
  const withConfig = [
    'ikcfg.bin',
    'bzImage-fixture.bin',
    ...Object.values(manifest.kbuildCodecs as Record<string, string>),
  ];
  it.each(withConfig)('%s: byte for byte what extract-ikconfig prints', (name) => {
    const r = cli(['--config', `${dir}/${name}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.bytes).toEqual(expectedConfig);
  });
  it('a header archive without IKCONFIG: the config rebuilt from autoconf.h, said on stderr', () => {
    const r = cli(['--config', `${dir}/kheaders.tar.xz`]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('CONFIG_LOCALVERSION="-khi-fixture"\n');
    expect(r.err).toMatch(/no IKCONFIG inside; this config is rebuilt from .*autoconf\.h/);
  });
  it('nothing found: exit 1 and a reason on stderr, nothing on stdout', () => {
    const r = cli(['--config', `${dir}/random.bin`]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no kernel config found/);
  });
});

describe('--tar (built JavaScript)', () => {
  const xzdc = execFileSync('xz', ['-dc', `${dir}/kheaders.tar.xz`], { maxBuffer: 1 << 28 });
  it.each(['kheaders.tar.xz', 'ikhd-2019.bin', 'bzImage-fixture.bin', 'bzImage-zstd.bin'])(
    '%s: byte for byte what xz -dc gives for the header archive',
    (name) => {
      const r = cli(['--tar', `${dir}/${name}`]);
      expect(r.code).toBe(0);
      expect(r.bytes.equals(xzdc)).toBe(true);
    },
  );
  it('one FILE only; exit 1 when there is no header archive', () => {
    expect(cli(['--tar', `${dir}/kheaders.tar.xz`, `${dir}/ikcfg.bin`]).code).toBe(2);
    const r = cli(['--tar', `${dir}/ikcfg.bin`]);
    expect(r.code).toBe(1);
    expect(r.bytes.length).toBe(0);
  });
});

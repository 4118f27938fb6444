import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBin, type CliRun } from '../../../test/kit/cli';

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
  it('a cut kernel image: the tar that could be read goes out, then the damage on stderr and exit 1', () => {
    const r = cli(['--tar', `${dir}/bzImage-truncated.bin`]);
    expect(r.code).toBe(1);
    expect(r.bytes.length).toBeGreaterThan(0);
    expect(r.bytes.equals(xzdc.subarray(0, r.bytes.length))).toBe(true);
    expect(r.err).toMatch(/The input ends inside LZMA2 data/);
  });
  it('one FILE only; exit 1 when there is no header archive', () => {
    expect(cli(['--tar', `${dir}/kheaders.tar.xz`, `${dir}/ikcfg.bin`]).code).toBe(2);
    const r = cli(['--tar', `${dir}/ikcfg.bin`]);
    expect(r.code).toBe(1);
    expect(r.bytes.length).toBe(0);
  });
});

describe('--extract DIR (built JavaScript)', () => {
  it('writes the tree GNU tar writes, says what it wrote, exit 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'khi-x-'));
    const ref = mkdtempSync(join(tmpdir(), 'khi-ref-'));
    try {
      const r = cli(['--extract', join(out, 'kh'), `${dir}/bzImage-fixture.bin`]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(
        `${join(out, 'kh')}: ${manifest.headers.files} files, ${manifest.headers.dirs - 1} folders, 1 links\n`,
      );
      execFileSync('sh', ['-c', `xz -dc ${dir}/kheaders.tar.xz | tar -xpf - -C ${ref}`]);
      const list = (d: string): string =>
        execFileSync('sh', ['-c', `cd ${d} && find . -printf '%p %y %m %T@ %l %s\\n' | sort`], {
          encoding: 'utf8',
        });
      expect(list(join(out, 'kh'))).toBe(list(ref));
      expect(execFileSync('diff', ['-r', join(out, 'kh'), ref], { encoding: 'utf8' })).toBe('');
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(ref, { recursive: true, force: true });
    }
  });
  it('a cut kernel image: what could be read is written, the damage named on stderr, exit 1', () => {
    const out = mkdtempSync(join(tmpdir(), 'khi-x-'));
    try {
      const r = cli(['--extract', out, `${dir}/bzImage-truncated.bin`]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /bzImage-truncated\.bin: .*x86 bzImage: The compressed kernel .* should be \d+ bytes long/,
      );
      expect(r.err).toMatch(/runs past the end of the tar/);
      expect(r.out).toMatch(/: [1-9]\d* files, .*; the archive is damaged or incomplete \(see above\)\n$/);
      // A whole image extracts without a word on stderr.
      const whole = cli(['--extract', join(out, 'whole'), `${dir}/bzImage-fixture.bin`]);
      expect([whole.code, whole.err]).toEqual([0, '']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  it('unsafe entries: left out, named on stderr, exit 1', () => {
    const out = mkdtempSync(join(tmpdir(), 'khi-x-'));
    try {
      const r = cli(['--extract', out, 'test/fixtures/hostile/names.tar.xz']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('not extracted: ../../etc/passwd: ".." in the name');
      expect(cli(['--extract']).code).toBe(2);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  it('several FILEs: each into DIR/<file name>, each reported under its name, the worst exit code', () => {
    const out = mkdtempSync(join(tmpdir(), 'khi-x-'));
    try {
      const r = cli([
        '--extract',
        out,
        `${dir}/kheaders.tar.xz`,
        `${dir}/bzImage-zstd.bin`,
        `${dir}/ikcfg.bin`,
      ]);
      expect(r.code).toBe(1); // ikcfg.bin holds a config, no headers
      const tree = `${manifest.headers.files} files, ${manifest.headers.dirs - 1} folders, 1 links`;
      expect(r.out).toBe(
        `==> ${dir}/kheaders.tar.xz <==\n${join(out, 'kheaders.tar.xz')}: ${tree}\n` +
          `\n==> ${dir}/bzImage-zstd.bin <==\n${join(out, 'bzImage-zstd.bin')}: ${tree}\n` +
          `\n==> ${dir}/ikcfg.bin <==\n`,
      );
      expect(r.err).toContain(`${dir}/ikcfg.bin: no kernel header archive found.`);
      expect(
        execFileSync('diff', ['-r', join(out, 'kheaders.tar.xz'), join(out, 'bzImage-zstd.bin')]).length,
      ).toBe(0);
      // Two FILEs with one name would share a folder: a usage error before anything is written.
      const twice = cli(['--extract', join(out, 'b'), `${dir}/kheaders.tar.xz`, `./${dir}/kheaders.tar.xz`]);
      expect(twice.code).toBe(2);
      expect(twice.err).toMatch(/two FILEs are named kheaders\.tar\.xz/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('--check (built JavaScript)', () => {
  it('passes on a ready archive (exit 0) and fails with reasons (exit 1)', () => {
    const ok = cli(['--check', 'test/fixtures/checks/ready.tar.xz']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^PASS {2}Build files: /m);
    const bad = cli(['--check', 'test/fixtures/checks/dangling.tar.xz']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAIL {2}Links: 2 of 3 links do not resolve inside the archive\.$/m);
    expect(bad.out).toContain('      - include/linux/gone.h -> not-there.h (missing)\n');
  });
});

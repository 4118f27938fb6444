import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBin, type CliRun } from '../../../test/kit/cli';

const dir = 'test/fixtures/hostile';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
let built: ReturnType<typeof buildCli>;
const cli = (args: string[]): CliRun => runBin(built.bin, args);
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.dispose());

/** Any character a terminal acts on, other than the TAB and LF the output format itself uses. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('CLI with hostile names', () => {
  it('--list escapes control and bidi characters; a LF in a name cannot fake a row', () => {
    const r = cli(['--list', `${dir}/names.tar.xz`]);
    expect(r.code).toBe(0);
    expect(RAW_CONTROL.test(r.out)).toBe(false);
    const rows = r.out.trimEnd().split('\n');
    expect(rows.length).toBe(12);
    for (const row of rows) expect(row).toMatch(/^\d+\t[^\t]+$/);
    expect(rows).toContain('3\tinclude/line\\x0a999\\x09include/fake.h');
    expect(rows).toContain('4\tinclude/esc\\x1b]0;pwned\\x07.h');
    expect(rows).toContain('4\tinclude/txt.\\u202Egpj.h');
    expect(rows).toContain('4\tinclude/nul\\x00hidden.h');
  });

  it('the text report and --json write no raw control character', () => {
    // The damaged member's name (ESC [2J clears a terminal; U+202E reverses) is in the error text.
    const text = cli([`${dir}/size-past-end.tar`]);
    expect(RAW_CONTROL.test(text.out)).toBe(false);
    expect(text.out).toContain('include/big\\x1b[2J\\u202E.h');
    const json = cli(['--json', `${dir}/names.tar.xz`]);
    expect(RAW_CONTROL.test(json.out)).toBe(false);
    expect(JSON.parse(json.out).headers.files).toBe(12);
  });

  it('error text escapes what came from the input (here: the FILE argument)', () => {
    const r = cli(['--list', `${dir}/no\x1b]0;title\x07such\nfile`]);
    expect(r.code).toBe(2);
    expect(RAW_CONTROL.test(r.err)).toBe(false);
    expect(r.err).toContain('no\\x1b]0;title\\x07such\\x0afile');
  });

  it('--help documents the escaping', () => {
    expect(cli(['--help']).out).toMatch(/\\xNN or \\uXXXX/);
  });

  it(`opens a path ${manifest['deep.tar.xz'].depth.toLocaleString('en-US')} folders deep: valid JSON, no stack trace`, () => {
    const r = cli(['--json', `${dir}/deep.tar.xz`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).headers).toMatchObject({ files: 2, dirs: 0 });
    const list = cli(['--list', `${dir}/deep.tar.xz`])
      .out.trimEnd()
      .split('\n');
    expect(list[0]).toBe(`15\t${'d/'.repeat(manifest['deep.tar.xz'].depth)}deep.h`);
  });

  it('size fields that lie keep what could be read and name the damage', () => {
    for (const f of ['size-huge.tar', 'size-pax.tar']) {
      const r = cli(['--json', `${dir}/${f}`]);
      const j = JSON.parse(r.out);
      expect(j.headers.files, f).toBe(1);
      expect(j.errors.length, f).toBeGreaterThan(0);
      expect(cli(['--list', `${dir}/${f}`]).out).toBe('15\tinclude/good.h\n');
    }
    // A size that runs past the end: listed with the size its header gives, as tar -t lists it, its
    // name escaped; the error says it is cut short, and --extract leaves it out and names it.
    const past = `${dir}/size-past-end.tar`;
    const j = JSON.parse(cli(['--json', past]).out);
    expect(j.headers.files).toBe(2);
    expect(j.errors.map((e: { message: string }) => e.message).join()).toMatch(/cut short/);
    const listed = cli(['--list', past]);
    expect(listed.out).toBe('1073741824\tinclude/big\\x1b[2J\\u202E.h\n15\tinclude/good.h\n');
    // As tar -t: the listing, then the damage on stderr (the name escaped) and a failing exit.
    expect(listed.code).toBe(1);
    expect(listed.err).toMatch(/include\/big\\x1b\[2J\\u202E\.h.*cut short/);
    const out = mkdtempSync(join(tmpdir(), 'khi-cut-'));
    try {
      const x = cli(['--extract', out, past]);
      expect(x.code).toBe(1);
      expect(x.err).toContain('cut short: the archive ends inside its data');
      expect(readdirSync(join(out, 'include'))).toEqual(['good.h']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('CLI with 100,000 entries', () => {
  it('lists every file and counts every folder', () => {
    const { files, dirs } = manifest['many.tar.xz'];
    const j = JSON.parse(cli(['--json', `${dir}/many.tar.xz`]).out);
    expect(j.headers).toMatchObject({ files, dirs });
    expect(cli(['--list', `${dir}/many.tar.xz`]).out.split('\n').length - 1).toBe(files);
  });
});

describe('--grep with hostile file contents', () => {
  it('prints matched lines with control, bidi and non-UTF-8 bytes as escape tokens, ordinary lines as is', () => {
    const { file, lines } = manifest['text.tar.xz'];
    const r = cli(['--grep', 'define', `${dir}/text.tar.xz`]);
    expect(r.code).toBe(0);
    expect(RAW_CONTROL.test(r.out)).toBe(false);
    for (const b of r.bytes) expect(b >= 0x20 || b === 0x09 || b === 0x0a).toBe(true);
    const rows = r.out.trimEnd().split('\n');
    expect(rows.length).toBe(lines);
    expect(rows).toEqual([
      `${file}:1:#define PLAIN\t1 /* tab, backslash: \\ */`,
      `${file}:2:#define UTF8 "ümlaut שלום"`,
      `${file}:3:#define ESC "\\x1b]0;pwned\\x07\\x1b[2J"`,
      `${file}:4:#define CR "fake\\x0dline"`,
      `${file}:5:#define DEL "\\x7f" /* C1: \\x9b31m */`,
      `${file}:6:#define BIDI "txt.\\u202Egpj.h \\u2066x\\u2069 \\u2028"`,
      `${file}:7:#define RAW "\\x9b31m\\xe9\\xc3"`,
    ]);
  });
});

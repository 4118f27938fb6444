import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromAutoconf, parseConfig, rebuiltFromAutoconf } from './config';
import { readTar } from './tar';

const sample = `#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.192 Kernel Configuration
#
CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"
CONFIG_CC_IS_GCC=y
CONFIG_GCC_VERSION=120200

#
# General setup
#
CONFIG_LOCALVERSION=""
# CONFIG_COMPILE_TEST is not set
CONFIG_EXT4_FS=m
CONFIG_PHYSICAL_START=0x1000000
#CONFIG_BROKEN=y
 CONFIG_INDENTED=y
# Linux/arm 1.0 Kernel Configuration
`;

describe('parseConfig', () => {
  it('counts CONFIG_X=value lines and keeps not-set lines as n', () => {
    const c = parseConfig(sample);
    expect(c.options).toBe(6);
    expect(c.title).toBe('Linux/x86 6.1.192 Kernel Configuration');
    expect(c.entries).toEqual([
      { name: 'CONFIG_CC_VERSION_TEXT', value: '"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"' },
      { name: 'CONFIG_CC_IS_GCC', value: 'y' },
      { name: 'CONFIG_GCC_VERSION', value: '120200' },
      { name: 'CONFIG_LOCALVERSION', value: '""' },
      { name: 'CONFIG_COMPILE_TEST', value: 'n', notSet: true },
      { name: 'CONFIG_EXT4_FS', value: 'm' },
      { name: 'CONFIG_PHYSICAL_START', value: '0x1000000' },
    ]);
  });
  it('handles CRLF, old titles and empty text', () => {
    expect(parseConfig('# Linux kernel version: 2.6.32\r\nCONFIG_A=y\r\n')).toEqual({
      options: 1,
      entries: [{ name: 'CONFIG_A', value: 'y' }],
      title: 'Linux kernel version: 2.6.32',
    });
    expect(parseConfig('')).toEqual({ options: 0, entries: [], title: null });
  });
});

describe('configFromAutoconf', () => {
  const tar = new Uint8Array(readFileSync(join(__dirname, '../../test/fixtures/tar/kheaders-small.tar')));
  const e = readTar(tar).entries.find((x) => x.path === 'include/generated/autoconf.h')!;
  const autoconf = new TextDecoder().decode(tar.subarray(e.dataOffset, e.dataOffset + e.size));

  it('turns the fixture autoconf.h into config text', () => {
    const text = configFromAutoconf(autoconf, 'Linux/x86 6.1.192 Kernel Configuration');
    const c = parseConfig(text);
    expect(c.title).toBe('Linux/x86 6.1.192 Kernel Configuration');
    expect(c.options).toBe(8);
    expect(Object.fromEntries(c.entries.map((x) => [x.name, x.value]))).toEqual({
      CONFIG_64BIT: 'y',
      CONFIG_CC_VERSION_TEXT: '"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"',
      CONFIG_DEFAULT_INIT: '""',
      CONFIG_EXT4_FS: 'm',
      CONFIG_LOCALVERSION: '"-quote\\"d"',
      CONFIG_NR_CPUS: '512',
      CONFIG_PHYSICAL_START: '0x1000000',
      CONFIG_X86_64: 'y',
    });
    expect(c.entries.map((x) => x.name)).toEqual([...c.entries.map((x) => x.name)].sort());
  });
  it('keeps a symbol really named *_MODULE when its base name is also defined', () => {
    const c = parseConfig(
      configFromAutoconf('#define CONFIG_FOO 1\n#define CONFIG_FOO_MODULE 1\n#define CONFIG_BAR_MODULE 1\n'),
    );
    expect(c.entries).toEqual([
      { name: 'CONFIG_BAR', value: 'm' },
      { name: 'CONFIG_FOO', value: 'y' },
      { name: 'CONFIG_FOO_MODULE', value: 'y' },
    ]);
    expect(parseConfig(configFromAutoconf('')).options).toBe(0);
  });
});

describe('line reading (hand-written, as the regular expressions it replaced)', () => {
  const DEFINE = /^#define[ \t]+(CONFIG_[A-Za-z0-9_]+)[ \t]+(.*?)[ \t]*$/;
  const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
  const odd = [
    '#define CONFIG_A 1',
    '#define\tCONFIG_B\t"x y" \t',
    '#define CONFIG_C ',
    '#define CONFIG_D',
    '#define CONFIG_ 1',
    '#defineCONFIG_E 1',
    '#define  CONFIG_F  0x10  ',
    '#define CONFIG_G-H 1',
    '#define CONFIG_I 1\u2028',
    '#define CONFIG_J "a\rb"',
    ' #define CONFIG_K 1',
    '#define CONFIG_L=1',
    '#define CONFIG_Ü 1',
    '#define CONFIG_M 1\r',
    '#define CONFIG_N \t\r',
    '#define CONFIG_O\r',
    'x\r#define CONFIG_P 1',
    '#define CONFIG_Q "a"\r\r',
  ];
  it('configFromAutoconf keeps exactly the #define lines the regular expression matched', () => {
    const expected = odd.flatMap((l) => {
      // One "\r" line end is dropped before a line is read (CRLF files).
      const m = DEFINE.exec(l.endsWith('\r') ? l.slice(0, -1) : l);
      return m ? [`${m[1]}=${m[2] === '1' ? 'y' : m[2]}`] : [];
    });
    const got = configFromAutoconf(odd.join('\n'))
      .split('\n')
      .filter((l) => l.startsWith('CONFIG_'));
    expect(got).toEqual(expected.sort());
  });
  it('rebuiltFromAutoconf counts the options parseConfig counts in its text', () => {
    const modules = [
      ...odd,
      '#define CONFIG__MODULE 1',
      '#define CONFIG_MODULE 1',
      '#define CONFIG_R_MODULE 1',
    ];
    for (const text of [modules.join('\n'), odd.join('\r\n'), odd.slice(4).join('\n'), '']) {
      const r = rebuiltFromAutoconf(text);
      expect(r.text).toBe(configFromAutoconf(text));
      expect(r.options).toBe(parseConfig(r.text).options);
    }
  });
  it('parseConfig keeps exactly the CONFIG_ lines the regular expression matched', () => {
    const lines = [
      'CONFIG_A=y',
      'CONFIG_=y',
      'CONFIG_B',
      'CONFIG_C=',
      'CONFIG_D==1',
      'CONFIG_E=a\u2029',
      'CONFIG_F x=1',
    ];
    const expected = lines.flatMap((l) => {
      const m = SET.exec(l);
      return m ? [{ name: m[1], value: m[2] }] : [];
    });
    const p = parseConfig(lines.join('\n'));
    expect(p.entries).toEqual(expected);
    expect(p.options).toBe(expected.length);
  });
});

import { describe, expect, it } from 'vitest';
import { downloadName, layerDownloadName } from './download-name';

describe('downloadName', () => {
  it('keeps ordinary names, Unicode letters included', () => {
    expect(downloadName('vmlinuz-6.1.0-56-amd64')).toBe('vmlinuz-6.1.0-56-amd64');
    expect(downloadName('kheaders.tar.xz')).toBe('kheaders.tar.xz');
    expect(downloadName('ünïcödé-файл_日本.h')).toBe('ünïcödé-файл_日本.h');
  });

  it('drops bidi controls, control characters and path separators', () => {
    expect(downloadName('evil\u202Erat.exe')).toBe('evil_rat.exe');
    expect(downloadName('a/b\\c')).toBe('a_b_c');
    expect(downloadName('x\u001b[31m\u0085y')).toBe('x_31m_y');
    expect(downloadName('in\u2066side\u2069.h')).toBe('in_side_.h');
  });

  it('never starts with a dot, is never empty and never very long', () => {
    expect(downloadName('..')).toBe('_');
    expect(downloadName('.config')).toBe('_config');
    expect(downloadName('')).toBe('download');
    expect(downloadName('a'.repeat(500))).toHaveLength(200);
  });
});

describe('layerDownloadName', () => {
  const xz = { format: 'xz', offset: 0x4a3c0, fileOffset: 0x4a3c0, children: [{ format: 'elf', offset: 0 }] };
  it('names a stream as stored by its format, and its decoded output by what it holds', () => {
    expect(layerDownloadName('vmlinuz-6.1', xz, false)).toBe('vmlinuz-6.1-xz-0x4a3c0.xz');
    expect(layerDownloadName('vmlinuz-6.1', xz, true)).toBe('vmlinuz-6.1-xz-0x4a3c0-decoded.elf');
    const tar = { format: 'xz', offset: 0, children: [{ format: 'tar', offset: 0 }] };
    expect(layerDownloadName('kheaders.tar.xz', tar, true)).toBe('kheaders.tar.xz-xz-0x0-decoded.tar');
    const other = { format: 'gzip', offset: 16, children: [{ format: 'xz', offset: 100 }] };
    expect(layerDownloadName('x', other, true)).toBe('x-gzip-0x10-decoded.bin');
    expect(layerDownloadName('x', { format: 'ikconfig', offset: 8, children: [] }, false)).toBe(
      'x-ikconfig-0x8.bin',
    );
  });
  it('a hostile input name cannot spoof the extension', () => {
    expect(layerDownloadName('evil\u202Eexe.', xz, false)).toBe('evil_exe.-xz-0x4a3c0.xz');
  });
});

/**
 * The open archive's files by path (found.ts): `read` follows links to the bytes, and `whyUnread`
 * says in one sentence why a path gives none — what the viewer shows instead of the file.
 */
import { describe, expect, it } from 'vitest';
import { inspect } from './inspect';
import { bytesSource } from './source';
import { writeTar } from './tar-write';
import { loadTar } from '../../test/kit/tar-fixtures';

async function open(bytes: Uint8Array) {
  return inspect(bytesSource(bytes, 'unreadable.tar'));
}

describe('read and whyUnread', () => {
  it('a file and a link to it give bytes and no reason', async () => {
    const ins = await open(loadTar('unreadable.tar'));
    for (const p of ['real.h', 'good-link.h', './real.h']) {
      expect(new TextDecoder().decode(ins.read(p)!)).toBe('#define REAL 1\n');
      expect(ins.whyUnread(p)).toBeNull();
    }
  });

  it('each path that gives no bytes says why', async () => {
    const ins = await open(loadTar('unreadable.tar'));
    const why: Record<string, string> = {
      'big-sparse.bin':
        'big-sparse.bin is a sparse file of 17.0 MiB (1.0 KiB stored): holes are filled in only up to 16.0 MiB.',
      'dangling.h': 'dangling.h links to missing/gone.h, which is not in the archive.',
      'loop-a.h': 'The links from loop-a.h do not reach a file within 16 steps (a loop?).',
      fifo: 'fifo is not a file, folder or link (a device or FIFO): it holds no data.',
      'no/such.h': 'no/such.h is not in the archive.',
    };
    for (const [path, sentence] of Object.entries(why)) {
      expect(ins.read(path), path).toBeNull();
      expect(ins.whyUnread(path), path).toBe(sentence);
    }
  });

  it('a sparse file whose map is damaged: listed, and its reason names the map', async () => {
    const tar = loadTar('sparse-pax10.tar');
    const runsAt = (await open(tar)).result.entries.find((e) => e.path === 'holes.bin')!.dataOffset;
    const bad = tar.slice();
    bad[runsAt - 512] = 0x2d; // the map's first line is no longer a number
    const ins = await open(bad);
    expect(ins.read('holes.bin')).toBeNull();
    expect(ins.whyUnread('holes.bin')).toBe(
      'holes.bin cannot be read: its sparse map is damaged (the map is not decimal lines).',
    );
    expect(new TextDecoder().decode(ins.read('z-after.h')!)).toBe('#define AFTER 1\n');
  });

  it('a folder, and a hard link to a missing name', async () => {
    const tar = writeTar([
      { path: 'include/linux', type: 'dir', size: 0, mode: 0o755, mtime: 0 },
      {
        path: 'include/linux/a.h',
        type: 'file',
        size: 2,
        mode: 0o644,
        mtime: 0,
        data: new TextEncoder().encode('a\n'),
      },
      {
        path: 'include/linux/b.h',
        type: 'hardlink',
        size: 0,
        mode: 0o644,
        mtime: 0,
        linkTarget: 'include/linux/a.h',
      },
      {
        path: 'include/linux/c.h',
        type: 'hardlink',
        size: 0,
        mode: 0o644,
        mtime: 0,
        linkTarget: 'include/gone.h',
      },
    ]);
    const ins = await open(tar);
    expect(ins.whyUnread('include/linux')).toBe('include/linux is a folder.');
    expect(new TextDecoder().decode(ins.read('include/linux/b.h')!)).toBe('a\n');
    expect(ins.whyUnread('include/linux/b.h')).toBeNull();
    expect(ins.whyUnread('include/linux/c.h')).toBe(
      'include/linux/c.h links to include/gone.h, which is not in the archive.',
    );
  });

  it('names in a reason are escaped by the name policy (a bidi override cannot reorder the sentence)', async () => {
    const tar = writeTar([
      { path: 'up.h', type: 'symlink', size: 0, mode: 0o777, mtime: 0, linkTarget: '../../../etc/shadow' },
      { path: 'a.h', type: 'file', size: 2, mode: 0o644, mtime: 0, data: new TextEncoder().encode('a\n') },
      { path: 'evil\u202eh.c', type: 'symlink', size: 0, mode: 0o777, mtime: 0, linkTarget: 'x\u001b[31m.h' },
    ]);
    const ins = await open(tar);
    // The target as stored, not where it lands inside the archive ("etc/shadow").
    expect(ins.whyUnread('up.h')).toBe('up.h links to ../../../etc/shadow, which is not in the archive.');
    const why = ins.whyUnread('evil\u202eh.c')!;
    expect(why).toBe('evil\\u202Eh.c links to x\\x1b[31m.h, which is not in the archive.');
    expect([...why].every((ch) => ch >= ' ' && !(ch >= '\u202a' && ch <= '\u202e'))).toBe(true);
  });
});

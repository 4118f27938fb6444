// Sparse files (GNU tar --sparse) in the four layouts GNU tar writes: their bytes as GNU tar
// extracts them, the file after them, and maps that lie. The listings are checked against Python's
// tarfile in tar.test.ts (reference.json).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileData, isCut, notWritable, readTar, SPARSE_MAX } from './tar';

const dir = join(__dirname, '../../test/fixtures/tar');
const NAMES = ['sparse-gnu.tar', 'sparse-pax10.tar', 'sparse-pax01.tar', 'sparse-pax00.tar'];
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
/** What GNU tar extracts for `member` (tar -xO). */
const gnu = (name: string, member: string): Buffer =>
  execFileSync('tar', ['-xOf', join(dir, name), member], { maxBuffer: 1 << 26 });

/** "size path" of each regular file `tar -tv` lists from `tar` (it lists what it read, then stops). */
function gnuListed(tar: Uint8Array): string[] {
  return execFileSync('sh', ['-c', 'tar -tvf - 2>/dev/null; true'], { input: tar })
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('-'))
    .map((l) => {
      const f = l.trim().split(/\s+/);
      return `${f[2]} ${f[5]!.replace(/^\.\//, '')}`;
    });
}

/** Recompute the header checksum of the block at `h` (after editing its fields). */
function fixSum(b: Uint8Array, h: number): void {
  b.fill(0x20, h + 148, h + 156);
  let sum = 0;
  for (let i = h; i < h + 512; i++) sum += b[i]!;
  new TextEncoder().encodeInto(sum.toString(8).padStart(6, '0') + '\0 ', b.subarray(h + 148, h + 156));
}

describe('sparse files', () => {
  it.each(NAMES)('%s: the real size and bytes GNU tar extracts, and the file after it', (name) => {
    const tar = load(name);
    const { entries, errors } = readTar(tar);
    expect(errors).toEqual([]);
    const holes = entries.find((e) => e.path === 'holes.bin')!;
    expect(holes.type).toBe('file');
    expect(holes.size).toBe(6 * 8192);
    expect(holes.sparse).toHaveLength(6);
    const want = gnu(name, './holes.bin');
    expect(Buffer.from(fileData(tar, holes)!).equals(want)).toBe(true);
    const after = entries.find((e) => e.path === 'z-after.h')!;
    expect(Buffer.from(fileData(tar, after)!).toString()).toBe('#define AFTER 1\n');
  });

  it('a plain file is a view into the tar; a sparse one over the limit is not filled in', () => {
    const tar = load('sparse-gnu.tar');
    const { entries } = readTar(tar);
    const after = entries.find((e) => e.path === 'z-after.h')!;
    expect(fileData(tar, after)!.buffer).toBe(tar.buffer);
    const holes = entries.find((e) => e.path === 'holes.bin')!;
    expect(fileData(tar, holes, holes.size - 1)).toBeNull();
    expect(fileData(tar, { ...holes, size: SPARSE_MAX + 1 })).toBeNull();
  });

  it('an old GNU map that lies: the file is listed, as tar -t lists it, its bytes unread, the rest read on', () => {
    const tar = load('sparse-gnu.tar');
    const h = readTar(tar).entries.find((e) => e.path === 'holes.bin')!.headerOffset;
    const enc = (n: number): string => n.toString(8).padStart(11, '0') + '\0';
    const cases: [string, (b: Uint8Array) => void][] = [
      // The second run starts before the first ends.
      [
        'out of order',
        (b) => new TextEncoder().encodeInto(enc(4000), b.subarray(h + 386 + 24, h + 398 + 24)),
      ],
      // The real size is smaller than the last run's end.
      ['outside the file', (b) => new TextEncoder().encodeInto(enc(100), b.subarray(h + 483, h + 495))],
      // The runs hold more than the stored size.
      ['sum', (b) => new TextEncoder().encodeInto(enc(9999), b.subarray(h + 398, h + 410))],
    ];
    for (const [what, edit] of cases) {
      const b = tar.slice();
      edit(b);
      fixSum(b, h);
      const r = readTar(b);
      expect(
        r.errors.map((e) => e.code),
        what,
      ).toEqual(['corrupt']);
      expect(r.errors[0]?.message, what).toMatch(/sparse file "holes\.bin".*bad map.*its bytes are not read/);
      const files = r.entries.filter((e) => e.type === 'file');
      expect(
        files.map((e) => `${e.size} ${e.path}`),
        what,
      ).toEqual(gnuListed(b));
      const holes = files.find((e) => e.path === 'holes.bin')!;
      expect(holes.unreadable, what).toMatch(/sparse map is damaged/);
      expect(fileData(b, holes), what).toBeNull();
      expect(notWritable(holes, b), what).toBe(holes.unreadable);
      const after = files.find((e) => e.path === 'z-after.h')!;
      expect(Buffer.from(fileData(b, after)!).toString(), what).toBe('#define AFTER 1\n');
      expect(notWritable(after, b), what).toBeNull();
    }
  });

  it('a pax map that is not numbers, or is cut, is an error, not a wrong file', () => {
    const tar = load('sparse-pax01.tar');
    const text = new TextDecoder('latin1').decode(tar);
    const at = text.indexOf('GNU.sparse.map=') + 'GNU.sparse.map='.length;
    const b = tar.slice();
    b[at + 1] = 0x78; // "4096" → "4x96"
    expect(readTar(b).errors[0]?.code).toBe('corrupt');
    // Listed, unread, and the file after it read on. GNU tar lists holes.bin too, then takes the bad
    // map's data for a size and loses its place ("Unexpected EOF"): z-after.h is there all the same.
    const listedB = readTar(b).entries.filter((e) => e.type === 'file');
    expect(gnuListed(b)).toEqual(['49152 holes.bin']);
    expect(listedB.map((e) => `${e.size} ${e.path}`)).toEqual(['49152 holes.bin', '16 z-after.h']);
    expect(listedB.find((e) => e.path === 'holes.bin')?.unreadable).toMatch(/sparse map is damaged/);
    const p10 = load('sparse-pax10.tar');
    const runsAt = readTar(p10).entries.find((e) => e.path === 'holes.bin')!.dataOffset;
    // pax 1.0: the map is the block before the runs; a line that is not a number.
    const m = p10.slice();
    m[runsAt - 512] = 0x2d;
    expect(readTar(m).errors[0]?.code).toBe('corrupt');
    const listedM = readTar(m).entries.filter((e) => e.type === 'file');
    expect(listedM.map((e) => `${e.size} ${e.path}`)).toEqual(gnuListed(m));
    expect(listedM.find((e) => e.path === 'holes.bin')?.unreadable).toMatch(/not decimal/);
    // Cut inside the map block: truncated.
    expect(readTar(p10.subarray(0, runsAt - 510)).errors[0]?.code).toBe('truncated');
  });

  it.each(NAMES)('%s cut inside its runs: listed with its real size, as tar -t lists it', (name) => {
    const tar = load(name);
    const holes = readTar(tar).entries.find((e) => e.path === 'holes.bin')!;
    const cut = tar.subarray(0, holes.dataOffset + 100);
    const { entries, errors } = readTar(cut);
    const listed = entries.filter((e) => e.type !== 'dir').map((e) => `${e.size} ${e.path}`);
    // GNU tar lists the entry its header names, then stops at the end of the data.
    expect(listed).toEqual(gnuListed(cut));
    expect(listed.at(-1)).toBe(`${6 * 8192} holes.bin`);
    const last = entries.at(-1)!;
    expect(isCut(last, cut)).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('truncated');
    expect(errors[0]!.message).toMatch(/"holes\.bin".*cut short/);
    // The file up to the cut (the hole before the first run, then its first 100 bytes), as for a
    // plain file cut short: the viewer says how much of it is there.
    const data = fileData(cut, last)!;
    const whole = fileData(tar, holes)!;
    const [runAt] = holes.sparse![0]!;
    expect(data.length).toBe(runAt + 100);
    expect(Buffer.from(data)).toEqual(Buffer.from(whole.subarray(0, runAt + 100)));
  });

  it.each(['sparse-gnu.tar', 'sparse-pax10.tar'])(
    '%s cut inside its map: listed with its real size and none of its bytes, as tar -t lists it',
    (name) => {
      const tar = load(name);
      const holes = readTar(tar).entries.find((e) => e.path === 'holes.bin')!;
      // Old GNU: inside the extension block after the 'S' header; pax 1.0: inside the map lines.
      const cut = tar.subarray(
        0,
        name === 'sparse-gnu.tar' ? holes.headerOffset + 512 + 100 : holes.dataOffset - 510,
      );
      const { entries, errors } = readTar(cut);
      const listed = entries.filter((e) => e.type !== 'dir').map((e) => `${e.size} ${e.path}`);
      expect(listed).toEqual(gnuListed(cut));
      expect(listed.at(-1)).toBe(`${6 * 8192} holes.bin`);
      expect(isCut(entries.at(-1)!, cut)).toBe(true);
      expect(fileData(cut, entries.at(-1)!)).toHaveLength(0);
      expect(errors.map((e) => e.code)).toEqual(['truncated']);
      expect(errors[0]!.message).toMatch(/sparse map of "holes\.bin".*cut short/);
    },
  );
});

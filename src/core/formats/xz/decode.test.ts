// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecodeResult } from '../contract';
import { crc32 } from '../kit/crc32';
import { decodeXz } from './decode';
import { xz } from './index';
import { parseXz } from './parse';

const DIR = 'test/fixtures/xz/';
interface Expected {
  size: number;
  sha256: string;
  headSha256?: string;
}
const EXP = JSON.parse(readFileSync(DIR + 'expected.json', 'utf8')) as Record<string, Expected>;
const fx = (name: string): Uint8Array => new Uint8Array(readFileSync(DIR + name));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const OPTS = { maxOutput: 1 << 30 };
const decode = (b: Uint8Array, maxOutput = OPTS.maxOutput): Promise<DecodeResult> =>
  xz.decode(b, { maxOutput });

/** Full decodes, cached, as the reference for prefix checks. */
const full = new Map<string, Promise<DecodeResult>>();
const reference = async (name: string): Promise<Uint8Array> => {
  if (!full.has(name)) full.set(name, decode(fx(name)));
  const r = await full.get(name)!;
  expect(r.error).toBeUndefined();
  expect(sha(r.output)).toBe(EXP[name]!.sha256);
  return r.output;
};

const isPrefix = (part: Uint8Array, whole: Uint8Array): boolean =>
  part.length <= whole.length && Buffer.from(part).equals(Buffer.from(whole.subarray(0, part.length)));

/** Flip bits at `at` and return a copy. */
function flipped(b: Uint8Array, at: number, mask = 0x01): Uint8Array {
  const c = b.slice();
  c[at]! ^= mask;
  return c;
}

/** Rewrite a CRC32 that covers c[start, end) and is stored at `at`. */
function fixCrc(c: Uint8Array, start: number, end: number, at: number): void {
  new DataView(c.buffer, c.byteOffset).setUint32(at, crc32(c, start, end), true);
}

describe('xz decode: every fixture matches xz -dc', () => {
  const names = Object.keys(EXP);
  it.each(names)('%s', async (name) => {
    const input = fx(name);
    const r = await decode(input);
    expect(r.error).toBeUndefined();
    expect(r.output.length).toBe(EXP[name]!.size);
    expect(sha(r.output)).toBe(EXP[name]!.sha256);
    const trailing = name === 'trailer-size.xz' ? 4 : name === 'trailer-garbage.xz' ? 16 : 0;
    expect(r.consumed).toBe(input.length - trailing);
  });
});

describe('xz decode: fields and notes', () => {
  it('reports check, dictionary, blocks and filters', async () => {
    const a = await decode(fx('text-crc64.xz'));
    expect(a.fields).toMatchObject({
      check: 'CRC64',
      blocks: 1,
      streams: 1,
      dictionary: '8 MiB',
      filters: 'LZMA2',
    });
    expect(a.notes).toContain('The block check (CRC64) verified.');
    const k = await decode(fx('bcj-x86.xz'));
    expect(k.fields).toMatchObject({ check: 'CRC32', dictionarySize: 32 << 20, filters: 'x86 → LZMA2' });
    expect((await decode(fx('bcj-x86-start.xz'))).fields.filters).toBe('x86(start=0x1234) → LZMA2');
    expect((await decode(fx('chain-x86-delta.xz'))).fields.filters).toBe('x86 → Delta(dist=3) → LZMA2');
    expect((await decode(fx('multiblock.xz'))).notes).toContain('All 10 block checks (CRC64) verified.');
    expect((await decode(fx('multiblock-mt.xz'))).fields.blocks).toBe(8);
  });

  it('says when there is no check to verify', async () => {
    const r = await decode(fx('text-none.xz'));
    expect(r.fields.check).toBe('None');
    expect(r.notes.join(' ')).toMatch(/no integrity check/);
    expect(r.notes.join(' ')).not.toMatch(/\) verified\./);
  });

  it('verifies SHA-256 (inside liblzma)', async () => {
    const r = await decodeXz(fx('text-sha256.xz'), OPTS);
    expect(r.error).toBeUndefined();
    expect(r.notes).toContain('The block check (SHA-256) verified.');
    const bad = fx('text-sha256.xz');
    const checkAt = parseXz(bad).blocks[0]!.checkOffset;
    const f = await decodeXz(flipped(bad, checkAt + 31), OPTS);
    expect(f.error).toMatchObject({ code: 'corrupt', offset: 12 });
    expect(f.error?.message).toMatch(/SHA-256 check/);
  });

  it('concatenated streams with padding', async () => {
    const r = await decode(fx('concat.xz'));
    expect(r.fields).toMatchObject({ streams: 3, blocks: 3, check: 'CRC32, SHA-256', streamPadding: 12 });
    expect(r.notes).toContain('3 concatenated xz streams.');
    expect(r.notes.join(' ')).toMatch(/All 3 block checks \(CRC32, SHA-256\) verified/);
  });

  it('trailing bytes: the kbuild size trailer, and garbage', async () => {
    const t = await decode(fx('trailer-size.xz'));
    expect(t.fields.trailingBytes).toBe(4);
    expect(t.notes).toContain(`kbuild size trailer matches (${EXP['trailer-size.xz']!.size} bytes).`);
    const g = await decode(fx('trailer-garbage.xz'));
    expect(g.fields.trailingBytes).toBe(16);
    expect(g.notes.join(' ')).not.toMatch(/trailer matches/);
    // A 4-byte trailer that is not the size is just trailing bytes.
    const wrong = fx('trailer-size.xz');
    wrong[wrong.length - 1]! ^= 0x40;
    expect((await decode(wrong)).notes.join(' ')).not.toMatch(/trailer matches/);
  });

  it('empty stream and empty input', async () => {
    const e = await decode(fx('empty.xz'));
    expect(e.output.length).toBe(0);
    expect(e.error).toBeUndefined();
    expect(e.fields.blocks).toBe(0);
    const none = await decode(new Uint8Array(0));
    expect(none.output.length).toBe(0);
    expect(none.error).toMatchObject({ code: 'truncated', offset: 0 });
    const magicOnly = await decode(fx('text-crc64.xz').subarray(0, 6));
    expect(magicOnly.error?.code).toBe('truncated');
  });

  it('not xz at all', async () => {
    const r = await decode(new TextEncoder().encode('hello, this is not an xz stream'));
    expect(r.error?.code).toBe('not-found');
    expect(r.output.length).toBe(0);
  });
});

describe('xz decode: every BCJ filter runs inside liblzma', () => {
  const names = ['x86', 'arm', 'armthumb', 'arm64', 'powerpc', 'sparc', 'ia64', 'riscv'];
  it.each(names)('%s', async (f) => {
    const r = await decode(fx(`bcj-${f}.xz`));
    expect(r.error).toBeUndefined();
    expect(String(r.fields.filters)).toMatch(/^[^ ]+ → LZMA2$/);
    expect(sha(r.output)).toBe(EXP[`bcj-${f}.xz`]!.sha256);
  });
});

describe('xz decode: truncated input keeps everything decodable', () => {
  /** Output bytes of the complete chunks within the first `cut` input bytes. */
  function decodable(name: string, cut: number): number {
    let n = 0;
    for (const b of parseXz(fx(name)).blocks) {
      if (b.dataOffset >= cut) break;
      const k = b.chunkInEnds.filter((e) => e <= cut).length;
      n += k === 0 ? 0 : b.chunkOutEnds[k - 1]!;
      if (k < b.chunkInEnds.length) break;
    }
    return n;
  }

  it.each(['chunks.xz', 'bcj-x86-chunks.xz', 'multiblock.xz', 'random.xz', 'bcj-x86-multiblock.xz'])(
    '%s',
    async (name) => {
      const input = fx(name);
      const whole = await reference(name);
      const blocks = parseXz(input).blocks;
      const cuts = new Set<number>([
        1,
        11,
        12,
        13,
        20,
        100,
        input.length >> 1,
        input.length - 1,
        input.length - 5,
        input.length - 13,
      ]);
      for (const b of blocks) {
        cuts.add(b.dataOffset + 1);
        for (const e of b.chunkInEnds) [e - 1, e, e + 1].forEach((c) => cuts.add(c));
      }
      const bcj = name.includes('bcj');
      for (const cut of [...cuts].filter((c) => c > 0 && c < input.length).sort((a, b) => a - b)) {
        const r = await decode(input.subarray(0, cut));
        expect(r.error?.code, `cut ${cut}`).toBe('truncated');
        expect(r.error?.offset, `cut ${cut}`).toBe(cut);
        expect(r.consumed).toBe(cut);
        expect(isPrefix(r.output, whole), `cut ${cut}: output is a prefix`).toBe(true);
        // At least the complete chunks; BCJ holds back up to 4 bytes that could still change.
        const want = decodable(name, cut);
        expect(r.output.length, `cut ${cut}`).toBeGreaterThanOrEqual(want - (bcj ? 4 : 0));
        // The cut chunk is decoded too, up to its last ~20 input bytes (xz-embedded's look-ahead),
        // so a cut well inside a compressible chunk yields more than the complete chunks.
        const chunkStart = Math.max(
          0,
          ...blocks.flatMap((b) => [b.dataOffset, ...b.chunkInEnds]).filter((e) => e <= cut),
        );
        if (name !== 'random.xz' && cut - chunkStart > 2000 && want < whole.length) {
          expect(r.output.length, `cut ${cut}`).toBeGreaterThan(want);
        }
      }
    },
  );
});

describe('xz decode: damage', () => {
  it('a flipped check keeps the whole block as xz -dc writes it, and names the failed check', async () => {
    for (const name of ['text-crc32.xz', 'text-crc64.xz', 'bcj-x86.xz']) {
      const input = fx(name);
      const at = parseXz(input).blocks[0]!.checkOffset;
      const bad = flipped(input, at + 1);
      const r = await decode(bad);
      expect(r.error).toMatchObject({ code: 'corrupt', offset: 12 });
      expect(r.error?.message).toMatch(/fails its (CRC32|CRC64) check: its [\d,]+ decoded bytes are kept/);
      expect(r.output.length).toBe(EXP[name]!.size);
      expect(sha(r.output)).toBe(EXP[name]!.sha256); // only the check was flipped: the data is whole
      expect(r.notes.join(' ')).not.toMatch(/verified\./);
      // Byte for byte what xz -dc writes before it fails.
      const native = spawnSync('xz', ['-dc'], { input: bad, maxBuffer: 1 << 28 });
      expect(native.status).toBe(1);
      expect(Buffer.from(r.output).equals(native.stdout)).toBe(true);
    }
  });

  it('a flipped data byte is reported as corrupt', async () => {
    const input = fx('text-crc64.xz');
    const r = await decode(flipped(input, 5000, 0x10));
    expect(r.error?.code).toBe('corrupt');
    expect(r.output.length).toBeLessThanOrEqual(EXP['text-crc64.xz']!.size);
  });

  it('damage keeps the verified blocks before it and what xz -dc writes of the damaged one', async () => {
    const whole = await reference('multiblock.xz');
    const cases: [string, number, number, number][] = [
      ['multiblock.xz', 5, 100, 0x08],
      ['multiblock.xz', 3, 500, 0x40],
      ['text-crc64.xz', 0, 3000, 0x01],
      ['bcj-x86.xz', 0, 2000, 0x04],
    ];
    for (const [name, block, at, mask] of cases) {
      const input = fx(name);
      const b = parseXz(input).blocks[block]!;
      const damaged = flipped(input, b.dataOffset + at, mask);
      const r = await decode(damaged);
      expect(r.error?.code, name).toBe('corrupt');
      const native = new Uint8Array(spawnSync('xz', ['-dc'], { input: damaged }).stdout);
      expect(native.length, name).toBeGreaterThan(0);
      expect(sha(r.output), `${name} block ${block}`).toBe(sha(native));
      expect(r.notes.join(' ')).toMatch(new RegExp(`block ${block + 1} decoded before the damage are kept`));
    }
    const input = fx('multiblock.xz');
    const r = await decode(flipped(input, parseXz(input).blocks[5]!.dataOffset + 100, 0x08));
    expect(isPrefix(r.output.subarray(0, 5 * 16384), whole)).toBe(true);
  });

  it('damage the chunk walk finds keeps the chunks of that block before it', async () => {
    const input = fx('multiblock.xz');
    const blocks = parseXz(input).blocks;
    const b3 = blocks[3]!;
    const chunk = b3.chunkInEnds[0]!; // the second LZMA2 chunk's control byte, or the end marker
    const r = await decode(flipped(input, chunk, 0x40));
    expect(r.error?.code).toBe('corrupt');
    // The chunks before the damage, as xz -dc writes them: here all of block 4's data.
    const native = new Uint8Array(spawnSync('xz', ['-dc'], { input: flipped(input, chunk, 0x40) }).stdout);
    expect(native.length).toBe(4 * 16384);
    expect(sha(r.output)).toBe(sha(native));
    expect(isPrefix(r.output, await reference('multiblock.xz'))).toBe(true);
  });

  it('header CRC32 mismatches: stream header, block header, index, footer', async () => {
    const input = fx('text-crc64.xz');
    expect((await decode(flipped(input, 7))).error).toMatchObject({ code: 'corrupt', offset: 6 });
    expect((await decode(flipped(input, 9))).error).toMatchObject({ code: 'corrupt', offset: 6 });
    expect((await decode(flipped(input, 13))).error).toMatchObject({ code: 'corrupt', offset: 12 });
    const index = flipped(input, input.length - 14);
    const ri = await decode(index);
    expect(ri.error?.code).toBe('corrupt');
    expect(ri.error?.message).toMatch(/index/);
    expect(sha(ri.output)).toBe(EXP['text-crc64.xz']!.sha256);
    const footer = await decode(flipped(input, input.length - 2));
    expect(footer.error?.code).toBe('corrupt');
    expect(footer.error?.message).toMatch(/footer/);
  });

  it('every single-bit flip anywhere is detected and never throws', async () => {
    const input = fx('bcj-x86-multiblock.xz');
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 40; k++) {
      const at = Math.floor(next() * input.length);
      const r = await decode(flipped(input, at, 1 << Math.floor(next() * 8)));
      expect(r.error, `flip at ${at}`).toBeDefined();
    }
  });

  it('an unknown filter is unsupported and named', async () => {
    const c = fx('bcj-arm.xz');
    expect(c[14]).toBe(0x07); // block header: size, flags, filter id ...
    c[14] = 0x0c;
    const hsize = (c[12]! + 1) * 4;
    fixCrc(c, 12, 12 + hsize - 4, 12 + hsize - 4);
    const r = await decode(c);
    expect(r.error).toMatchObject({ code: 'unsupported', offset: 12 });
    expect(r.error?.message).toMatch(/0xc/);
  });

  it('a reserved check type decodes but is not verified', async () => {
    const c = fx('text-crc32.xz');
    c[7] = 0x02; // same 4-byte check size as CRC32
    fixCrc(c, 6, 8, 8);
    c[c.length - 3] = 0x02; // footer flags
    fixCrc(c, c.length - 8, c.length - 2, c.length - 12);
    const r = await decode(c);
    expect(r.error).toBeUndefined();
    expect(sha(r.output)).toBe(EXP['text-crc32.xz']!.sha256);
    expect(r.notes.join(' ')).toMatch(/could not be verified/);
  });
});

describe('xz decode: big dictionaries', () => {
  it('a big dictionary on a small block is shrunk to the block', async () => {
    const r = await decode(fx('dict-192mib.xz'));
    expect(r.error).toBeUndefined();
    expect(r.fields.dictionary).toBe('192 MiB');
  });

  it('66 MiB blocks with a 128 MiB dictionary decode, matches near and far', async () => {
    for (const name of ['dict-128mib-near.xz', 'dict-128mib-far.xz']) {
      const r = await decode(fx(name));
      expect(r.error, name).toBeUndefined();
      expect(r.output.length).toBe(EXP[name]!.size);
      expect(sha(r.output), name).toBe(EXP[name]!.sha256);
    }
  });

  it('the dictionary never exceeds the output room (a capped decode allocates no more)', async () => {
    const r = await decode(fx('dict-128mib-far.xz'), 1 << 20);
    expect(r.error?.code).toBe('too-large');
    expect(sha(r.output.subarray(0, 65536))).toBe(EXP['dict-128mib-far.xz']!.headSha256);
  });
});

describe('xz decode: limits, abort, progress, concurrency', () => {
  it('maxOutput cuts the output and says too-large', async () => {
    for (const [name, cap] of [
      ['chunks.xz', 3_000_001],
      ['bcj-x86-chunks.xz', 2_096_885],
      ['multiblock.xz', 40_000],
    ] as const) {
      const whole = await reference(name);
      const r = await decode(fx(name), cap);
      expect(r.error?.code).toBe('too-large');
      expect(r.output.length).toBe(cap);
      expect(isPrefix(r.output, whole)).toBe(true);
    }
    // Exactly the size is fine.
    const exact = await decode(fx('multiblock.xz'), EXP['multiblock.xz']!.size);
    expect(exact.error).toBeUndefined();
  });

  it('reports progress', async () => {
    const seen: [number, number][] = [];
    await xz.decode(fx('chunks.xz'), { maxOutput: OPTS.maxOutput, onProgress: (i, o) => seen.push([i, o]) });
    expect(seen.length).toBeGreaterThan(5);
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k]![1]).toBeGreaterThanOrEqual(seen[k - 1]![1]);
      expect(seen[k]![0]).toBeGreaterThanOrEqual(seen[k - 1]![0]);
    }
    expect(seen[seen.length - 1]![1]).toBe(EXP['chunks.xz']!.size);
  });

  it('a cancel keeps the verified blocks before it and says cancelled', async () => {
    // Two concatenated streams of one 9 MiB block each; cancel 1 MiB into the second block.
    const one = fx('chunks.xz');
    const size = EXP['chunks.xz']!.size;
    const two = new Uint8Array(one.length * 2);
    two.set(one);
    two.set(one, one.length);
    const ac = new AbortController();
    const onProgress = (_i: number, o: number): void => {
      if (o > size + (1 << 20)) ac.abort();
    };
    const r = await decodeXz(two, { maxOutput: OPTS.maxOutput, signal: ac.signal, onProgress });
    expect(r.error?.code).toBe('cancelled');
    expect(r.output.length).toBe(size);
    expect(sha(r.output)).toBe(EXP['chunks.xz']!.sha256);
    // Cancelled inside the first block: nothing is kept. Through the registry's guard: the same.
    const ac1 = new AbortController();
    const first = await xz.decode(one, {
      maxOutput: OPTS.maxOutput,
      signal: ac1.signal,
      onProgress: (_i, o) => (o > 1 << 20 ? ac1.abort() : undefined),
    });
    expect(first.error?.code).toBe('cancelled');
    expect(first.output.length).toBe(0);
  });

  it('runs several decodes at once', async () => {
    const names = ['bcj-x86.xz', 'text-sha256.xz', 'multiblock-mt.xz', 'bcj-arm64.xz'];
    const rs = await Promise.all(names.map((n) => decode(fx(n))));
    rs.forEach((r, i) => expect(sha(r.output)).toBe(EXP[names[i]!]!.sha256));
  });
});

describe('xz probe', () => {
  it('accepts valid headers and rejects the rest without throwing', () => {
    expect(xz.probe(fx('text-crc64.xz'))).toEqual({ check: 'CRC64', checkId: 4 });
    expect(xz.probe(fx('bcj-x86.xz'))).toEqual({ check: 'CRC32', checkId: 1 });
    expect(xz.probe(fx('text-sha256.xz'))).toMatchObject({ check: 'SHA-256' });
    expect(xz.probe(fx('text-none.xz'))).toMatchObject({ check: 'None' });
    expect(xz.probe(flipped(fx('text-crc64.xz'), 7))).toBeNull();
    expect(xz.probe(fx('text-crc64.xz').subarray(0, 11))).toBeNull();
    expect(xz.probe(new Uint8Array(0))).toBeNull();
    expect(xz.probe(flipped(fx('text-crc64.xz'), 0))).toBeNull();
    const magic = Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0, 0, 0, 0);
    expect(xz.probe(magic)).toBeNull();
  });
});

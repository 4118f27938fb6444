import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect, type Inspection } from './inspect';
import { bytesSource, type Source } from './source';
import type { Layer } from './types';
import { keptOutputs, LayerBytes } from './layer-bytes';
import { placeLayer } from './layer-space';

const dir = join(__dirname, '..', '..', 'test', 'fixtures');
const manifest = JSON.parse(readFileSync(join(dir, 'e2e', 'manifest.json'), 'utf8')) as {
  files: Record<string, { ikcfgAt?: number; vmlinuxSize?: number }>;
};

async function open(path: string): Promise<{ ins: Inspection; source: Source }> {
  const source = bytesSource(new Uint8Array(readFileSync(path)), path);
  return { ins: await inspect(source), source };
}

function all(l: Layer): Layer[] {
  return [l, ...l.children.flatMap(all)];
}

const ascii = (b: Uint8Array): string => String.fromCharCode(...b);

describe('placeLayer', () => {
  it('puts every layer that has a file offset in the input, at that offset', async () => {
    const files = [
      ...readdirSync(join(dir, 'containers')).map((f) => join(dir, 'containers', f)),
      join(dir, 'e2e', 'bzImage-fixture.bin'),
      join(dir, 'e2e', 'ikhd-2019.bin'),
    ].filter((f) => /(\.(bin|img|ko|efi)|vmlinux(32)?)$/.test(f));
    let checked = 0;
    for (const f of files) {
      const { ins } = await open(f);
      for (const l of all(ins.result.layers)) {
        if (l.fileOffset === undefined) continue;
        expect(placeLayer(ins.result.layers, l.id), `${f} layer ${l.id}`).toEqual({
          chain: [],
          starts: [],
          at: l.fileOffset,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('LayerBytes', () => {
  const fixture = join(dir, 'e2e', 'bzImage-fixture.bin');
  const m = manifest.files['bzImage-fixture.bin']!;

  it('peeks inside a decoded vmlinux: the IKCFG blob and the gzip stream after its marker', async () => {
    const { ins, source } = await open(fixture);
    const bytes = new LayerBytes(ins.result.layers, source, keptOutputs(ins));
    const ikcfg = all(ins.result.layers).find((l) => l.format === 'ikcfg')!;
    expect(ikcfg.fileOffset).toBeUndefined();
    const w = await bytes.window(ikcfg.id, 16, 8);
    expect(w).not.toBeNull();
    expect(w!.at).toBe(m.ikcfgAt);
    expect(w!.decodedFrom?.format).toBe('xz');
    expect(ascii(w!.bytes.subarray(w!.at - w!.start))).toBe('IKCFG_ST');
    const gz = ikcfg.children[0]!;
    const g = await bytes.window(gz.id, 0, 2);
    expect([...g!.bytes]).toEqual([0x1f, 0x8b]);
    // The vmlinux was decoded once and is kept within the budget.
    expect(bytes.cachedBytes).toBe(m.vmlinuxSize);
  });

  it('answers from the kept tar without decoding again', async () => {
    const { ins, source } = await open(join(dir, 'e2e', 'kheaders.tar.xz'));
    const bytes = new LayerBytes(ins.result.layers, source, keptOutputs(ins));
    const w = await bytes.window(ins.result.headers!.layerId, 0, 512);
    expect(ascii(w!.bytes.subarray(257, 262))).toBe('ustar');
    expect(bytes.cachedBytes).toBe(0);
  });

  it('declines a decoded output larger than its memory budget', async () => {
    const { ins, source } = await open(fixture);
    const bytes = new LayerBytes(ins.result.layers, source, new Map(), 1024);
    const ikcfg = all(ins.result.layers).find((l) => l.format === 'ikcfg')!;
    expect(await bytes.window(ikcfg.id, 0, 8)).toBeNull();
    expect(bytes.cachedBytes).toBe(0);
    // Layers in the input's own bytes still answer.
    expect(await bytes.window(ins.result.layers.children[0]!.id, 0, 4)).not.toBeNull();
  });

  it('saves a layer whole: a stream as stored, its decoded output (what xz -dc gives), a blob inside that output', async () => {
    const { ins, source } = await open(fixture);
    const bytes = new LayerBytes(ins.result.layers, source, keptOutputs(ins));
    const input = new Uint8Array(readFileSync(fixture));
    const xz = all(ins.result.layers).find((l) => l.format === 'xz' && l.outputSize === m.vmlinuxSize)!;
    const stored = (await bytes.whole(xz.id, false))!;
    expect(Buffer.from(stored).equals(input.subarray(xz.fileOffset!, xz.fileOffset! + xz.length!))).toBe(
      true,
    );
    const vmlinux = (await bytes.whole(xz.id, true))!;
    expect(
      Buffer.from(vmlinux).equals(execFileSync('xz', ['-dc', '--single-stream'], { input: stored })),
    ).toBe(true);
    // The IKCFG gzip stream inside the decoded vmlinux: as stored, and gunzipped (the .config).
    const gz = all(ins.result.layers).find((l) => l.format === 'ikcfg')!.children[0]!;
    const gzBytes = (await bytes.whole(gz.id, false))!;
    expect([gzBytes[0], gzBytes[1]]).toEqual([0x1f, 0x8b]);
    const config = (await bytes.whole(gz.id, true))!;
    expect(Buffer.from(config).equals(gunzipSync(gzBytes))).toBe(true);
    expect(new TextDecoder().decode(config)).toMatch(/^CONFIG_|\nCONFIG_/);
    // Not the input file itself; "decoded" only of a codec layer.
    expect(await bytes.whole(ins.result.layers.id, false)).toBeNull();
    expect(await bytes.whole(all(ins.result.layers).find((l) => l.format === 'ikcfg')!.id, true)).toBeNull();
  });

  it('saves the decoded tar as a copy of the kept one, and declines an output over the budget', async () => {
    const { ins, source } = await open(join(dir, 'e2e', 'kheaders.tar.xz'));
    const bytes = new LayerBytes(ins.result.layers, source, keptOutputs(ins));
    const xz = ins.result.layers.children.find((l) => l.format === 'xz')!;
    const tar = (await bytes.whole(xz.id, true))!;
    expect(Buffer.from(tar).equals(ins.tar!)).toBe(true);
    expect(tar.buffer).not.toBe(ins.tar!.buffer); // handing it over never detaches the kept tar
    const small = await open(fixture);
    const tight = new LayerBytes(small.ins.result.layers, small.source, new Map(), 1024);
    const big = all(small.ins.result.layers).find(
      (l) => l.format === 'xz' && l.outputSize === m.vmlinuxSize,
    )!;
    expect(await tight.whole(big.id, true)).toBeNull();
    expect(await tight.whole(big.id, false)).not.toBeNull(); // its stored bytes are in the input
  });

  it('answers null for a layer that does not exist', async () => {
    const { ins, source } = await open(fixture);
    expect(await new LayerBytes(ins.result.layers, source, new Map()).window(9999, 0, 4)).toBeNull();
  });
});

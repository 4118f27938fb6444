import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspect } from './inspect';
import { bytesSource } from './source';
import type { Layer } from './types';
import { flattenLayers } from '../../test/kit/layers';

const dir = 'test/fixtures/e2e';
const expected = readFileSync(`${dir}/ikconfig.expected`);
const open = (name: string, until?: 'config') =>
  inspect(bytesSource(new Uint8Array(readFileSync(`${dir}/${name}`)), name), { until });

/** A config blob as kernel/configs.c stores it. */
const ikcfg = (text: Uint8Array) =>
  Buffer.concat([Buffer.from('IKCFG_ST'), gzipSync(text), Buffer.from('IKCFG_ED')]);
/** A decoy: the kconfig banner with no option set. */
const empty = Buffer.from(
  '#\n# Automatically generated file; DO NOT EDIT.\n# Linux Kernel Configuration\n#\n',
);

describe("inspect({ until: 'config' }): stop as soon as the config is known", () => {
  it('keeps the IKCONFIG bytes exactly as stored', async () => {
    const { configBytes, result } = await open('bzImage-fixture.bin');
    expect(Buffer.from(configBytes!)).toEqual(expected);
    expect(result.headers).not.toBeNull();
  });

  it('decodes nothing after the config: the headers archive behind it stays closed', async () => {
    const full = await open('bzImage-fixture.bin');
    const quick = await open('bzImage-fixture.bin', 'config');
    expect(Buffer.from(quick.configBytes!)).toEqual(expected);
    expect(quick.result.headers).toBeNull();
    expect(quick.tar).toBeNull();
    expect(quick.result.scanned.layers).toBeLessThan(full.result.scanned.layers);
  });

  it('a plain .config input is its own config; without one, the full inspection runs', async () => {
    const none = await open('kheaders.tar.xz', 'config');
    expect(none.configBytes).toBeNull();
    expect(none.result.headers).not.toBeNull();
    expect(none.result.config?.source).toBe('autoconf');
  });

  it('an empty config (the kconfig banner, no option set) does not end the search: the real one behind it wins', async () => {
    const bytes = Buffer.concat([
      Buffer.alloc(4096, 0x55),
      ikcfg(empty),
      Buffer.alloc(4096, 0xaa),
      ikcfg(expected),
      Buffer.alloc(4096, 0x33),
    ]);
    const i = await inspect(bytesSource(new Uint8Array(bytes), 'decoy.bin'), { until: 'config' });
    expect(Buffer.from(i.configBytes!)).toEqual(expected);
    expect(i.result.config?.options).toBeGreaterThan(0);
  });

  it('stops a gzip decode once its output holds the config: the rest of a kernel Image.gz is not decoded', async () => {
    // An "Image" of 8 MiB: a decoy (empty) config, then the real one, then 7 MiB more.
    const image = Buffer.concat([
      Buffer.alloc(512 << 10, 0x55),
      ikcfg(empty),
      Buffer.alloc(512 << 10, 0xaa),
      ikcfg(expected),
      Buffer.alloc(7 << 20, 0x33),
    ]);
    const gz = new Uint8Array(gzipSync(image));
    const quick = await inspect(bytesSource(gz, 'Image.gz'), { until: 'config' });
    expect(Buffer.from(quick.configBytes!)).toEqual(expected);
    const layer = quick.result.layers.children[0]!;
    expect(layer.format).toBe('gzip');
    expect(layer.outputSize).toBeLessThan(image.length / 2);
    expect(layer.notes.join(' ')).toMatch(/Decoding stopped after .* bytes/);
    const full = await inspect(bytesSource(gz, 'Image.gz'));
    expect(full.result.layers.children[0]!.outputSize).toBe(image.length);
    expect(Buffer.from(full.configBytes!)).toEqual(expected);
  });

  it("until:'tar': the same header archive and entries, no tree, no facts from the headers, no autoconf config", async () => {
    for (const name of ['kheaders.tar.xz', 'bzImage-fixture.bin', 'bzImage-zstd.bin']) {
      const full = await open(name);
      const quick = await inspect(bytesSource(new Uint8Array(readFileSync(`${dir}/${name}`)), name), {
        until: 'tar',
      });
      expect(Buffer.from(quick.tar!).equals(Buffer.from(full.tar!)), name).toBe(true);
      expect(quick.result.entries, name).toEqual(full.result.entries);
      expect(quick.result.headers?.files, name).toBe(full.result.headers?.files);
      expect(quick.tree, name).toBeNull();
      // An IKCONFIG met on the way is kept; none is rebuilt from autoconf.h.
      expect(quick.result.config?.source, name).not.toBe('autoconf');
    }
  });
});

describe('inspect({ until: { layer: N } }): stop once layer #N is made', () => {
  /** The layers as the tree numbers them: id, format, where, and how big. */
  const shape = (l: Layer) => [l.id, l.format, l.offset, l.length, l.outputSize ?? null];

  const files = [
    'e2e/bzImage-fixture.bin', // bzImage › xz › vmlinux: IKCFG gzip, IKHD xz › tar
    'e2e/kheaders-multiblock.tar.xz',
    'e2e/kheaders-truncated.tar.xz',
    'containers/boot-v4.img',
    'containers/kheaders.ko',
    'containers/uImage-multi.bin',
    'containers/zboot-zstd.efi',
    'containers/vmlinux',
  ];

  it.each(files)(
    '%s: every layer up to #N numbered as a whole open does, nothing opened inside or after #N',
    async (path) => {
      const bytes = new Uint8Array(readFileSync(`test/fixtures/${path}`));
      const full = flattenLayers((await inspect(bytesSource(bytes, path))).result.layers);
      expect(full.length).toBeGreaterThan(2);
      for (const want of full) {
        const r = await inspect(bytesSource(bytes, path), { until: { layer: want.id }, keepOutputs: true });
        const got = flattenLayers(r.result.layers);
        expect(got.map(shape), `#${want.id}`).toEqual(full.filter((l) => l.id <= want.id).map(shape));
        const n = got.find((l) => l.id === want.id)!;
        expect(n.children, `#${want.id}`).toEqual([]);
        // A codec layer's output is kept: --layer N --decoded writes it.
        if (n.outputSize !== undefined) expect(r.outputs.get(n.id)?.length, `#${want.id}`).toBe(n.outputSize);
      }
    },
  );
});

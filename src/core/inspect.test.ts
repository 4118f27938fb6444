import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspect } from './inspect';
import { bytesSource, type Source } from './source';
import { flattenLayers as flatten } from '../../test/kit/layers';

const dir = 'test/fixtures/e2e';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(`${dir}/${name}`));
const open = (name: string, opts = {}) => inspect(bytesSource(load(name), name), opts);

describe('inspect: whole pipeline on generated fixtures', () => {
  it('opens a bare kheaders.tar.xz: xz → tar, counts equal GNU tar', async () => {
    const { result, read } = await open('kheaders.tar.xz');
    expect(result.headers).toMatchObject(manifest.headers);
    expect(result.headers!.kernelVersion).toBe(manifest.release);
    expect(result.headers!.arch).toBe('x86');
    expect(flatten(result.layers).map((l) => l.format)).toEqual(['file', 'xz', 'tar']);
    expect(result.layers.children[0]!.foundBy).toBe('whole-file');
    expect(result.errors.filter((e) => e.severity === 'error')).toEqual([]);
    // Reading files, following the symlink to its target.
    expect(new TextDecoder().decode(read('include/linux/sched.h')!)).toContain('#ifndef _SCHED');
    expect(read('include/dt-bindings/input/linux-event-codes.h')).toEqual(
      read('include/uapi/linux/input-event-codes.h'),
    );
    expect(read('include/linux/empty.h')!.length).toBe(0);
    expect(read('no/such/file.h')).toBeNull();
    // No IKCONFIG: the config comes from include/generated/autoconf.h.
    expect(result.config).toMatchObject({ source: 'autoconf', options: 6 });
  });

  it('autoconfLater: the autoconf.h config is left out, and configLater() puts the same one in', async () => {
    const full = (await open('kheaders.tar.xz')).result;
    const ins = await open('kheaders.tar.xz', { autoconfLater: true });
    expect(ins.result.config).toBeNull();
    expect(ins.result.configText).toBeNull();
    const later = ins.configLater!();
    expect(later.config).toEqual(full.config);
    expect(later.text).toBe(full.configText);
    expect(ins.result).toEqual(full);
  });

  it('autoconfLater changes nothing when the config is IKCONFIG, or there are no headers', async () => {
    for (const name of ['bzImage-fixture.bin', 'ikcfg.bin', 'random.bin']) {
      const ins = await open(name, { autoconfLater: true });
      expect(ins.configLater).toBeNull();
      expect(ins.result).toEqual((await open(name)).result);
    }
  });

  it('finds the 2019 IKHD_ST/IKHD_ED layout by its markers', async () => {
    const f = manifest.files['ikhd-2019.bin'];
    const { result } = await open('ikhd-2019.bin');
    expect(result.headers).toMatchObject(manifest.headers);
    const marker = flatten(result.layers).find((l) => l.format === 'ikhd')!;
    expect(marker.fileOffset).toBe(f.ikhdAt);
    expect(marker.foundBy).toBe('marker');
    const xz = marker.children[0]!;
    expect(xz.format).toBe('xz');
    expect(xz.fileOffset).toBe(f.xzAt);
    expect(xz.length).toBe(f.xzLength);
  });

  it('finds an IKCFG config blob and counts its options', async () => {
    const f = manifest.files['ikcfg.bin'];
    const { result } = await open('ikcfg.bin');
    expect(result.headers).toBeNull();
    expect(result.config).toMatchObject({ source: 'ikconfig', options: manifest.configOptions });
    expect(result.configText).toContain('CONFIG_IKHEADERS=m');
    const gz = flatten(result.layers).find((l) => l.format === 'gzip')!;
    expect(gz.fileOffset).toBe(f.gzipAt);
    expect(gz.length).toBe(f.gzipLength);
  });

  it('opens a bzImage: header → xz (x86 BCJ) → stand-in vmlinux → IKCFG + IKHD → tar', async () => {
    const f = manifest.files['bzImage-fixture.bin'];
    const { result } = await open('bzImage-fixture.bin');
    const all = flatten(result.layers);
    const bz = all.find((l) => l.format === 'bzimage')!;
    expect(bz).toBeDefined();
    const payload = bz.children[0]!;
    expect(payload.format).toBe('xz');
    expect(payload.fileOffset).toBe(f.payloadAt);
    expect(payload.foundBy).toBe('header-field');
    expect(payload.outputSize).toBe(f.vmlinuxSize);
    expect(all.some((l) => l.format === 'ikcfg')).toBe(true);
    expect(all.some((l) => l.format === 'ikhd')).toBe(true);
    expect(result.headers).toMatchObject(manifest.headers);
    expect(result.config).toMatchObject({ source: 'ikconfig', options: manifest.configOptions });
    expect(result.kernel.version).toBe(manifest.release);
    expect(result.kernel.banner).toContain(`Linux version ${manifest.release}`);
  });

  it('keeps the partial tree of a truncated archive and says where it broke', async () => {
    const { result } = await open('kheaders-truncated.tar.xz');
    const errs = result.errors.filter((e) => e.severity === 'error');
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.some((e) => e.code === 'truncated')).toBe(true);
    expect(errs.every((e) => typeof e.offset === 'number' && e.layer)).toBe(true);
    expect(result.entries.length).toBeGreaterThan(10);
    expect(result.entries.length).toBeLessThan(
      manifest.headers.files + manifest.headers.dirs + manifest.headers.symlinks,
    );
  });

  it('keeps what it could read of a truncated kernel image', async () => {
    const { result } = await open('bzImage-truncated.bin');
    expect(result.errors.some((e) => e.severity === 'error')).toBe(true);
    expect(flatten(result.layers).some((l) => l.format === 'bzimage')).toBe(true);
  });

  it('reports a corrupt (bit-flipped) archive as corrupt, with an offset', async () => {
    const { result } = await open('kheaders-bitflip.tar.xz');
    const e = result.errors.find((x) => x.severity === 'error');
    expect(e).toBeDefined();
    expect(['corrupt', 'truncated']).toContain(e!.code);
    expect(typeof e!.offset).toBe('number');
  });

  it('opens a plain .config and takes arch and version from its title', async () => {
    const text =
      '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/um 6.12.113 Kernel Configuration\n#\nCONFIG_UML=y\nCONFIG_HZ=100\n# CONFIG_SMP is not set\n';
    const { result } = await inspect(bytesSource(new TextEncoder().encode(text), '.config'));
    expect(result.config).toMatchObject({ source: 'file', options: 2 });
    expect(result.kernel).toMatchObject({ arch: 'um', version: '6.12.113' });
    expect(result.errors).toEqual([]);
  });

  it('says clearly that nothing was found in random bytes', async () => {
    const { result } = await open('random.bin');
    expect(result.headers).toBeNull();
    expect(result.config).toBeNull();
    expect(result.errors.map((e) => e.code)).toContain('not-found');
    expect(result.scanned.bytes).toBe(65536);
  });

  it('gives the same answer when the source is read in tiny chunks', async () => {
    const bytes = load('ikhd-2019.bin');
    let reads = 0;
    const tiny: Source = {
      name: 'tiny',
      size: bytes.length,
      read: async (s, e) => {
        reads++;
        return bytes.subarray(s, Math.min(e, s + 1 + (reads % 7)));
      },
    };
    const { result } = await inspect(tiny);
    expect(reads).toBeGreaterThan(1000);
    expect(result.headers).toMatchObject(manifest.headers);
  });

  it('stops at the output cap with a clear error', async () => {
    const { result } = await open('kheaders.tar.xz', { maxOutput: 100_000 });
    expect(result.errors.some((e) => e.code === 'budget-output')).toBe(true);
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(open('bzImage-fixture.bin', { signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('reports progress through its stages', async () => {
    const stages = new Set<string>();
    await open('bzImage-fixture.bin', { onProgress: (p: { stage: string }) => stages.add(p.stage) });
    for (const s of ['reading', 'scanning', 'decompressing', 'reading-tar', 'building-tree', 'done'])
      expect(stages).toContain(s);
  });
});

describe('inspect: keepOutputs', () => {
  it("keeps every codec layer's decoded output by layer id, only when asked", async () => {
    const kept = await open('bzImage-fixture.bin', { keepOutputs: true });
    const codecs = flatten(kept.result.layers).filter((l) => l.outputSize !== undefined);
    expect(codecs.map((l) => l.format)).toEqual(['xz', 'gzip', 'xz']);
    expect([...kept.outputs.keys()].sort()).toEqual(codecs.map((l) => l.id).sort());
    for (const l of codecs) expect(kept.outputs.get(l.id)!.length).toBe(l.outputSize);
    expect(kept.outputs.get(codecs[2]!.id)).toEqual(kept.tar); // the headers' stream: the tar
    expect((await open('bzImage-fixture.bin')).outputs.size).toBe(0);
  });
});

describe('inspect: every container kind, end to end', () => {
  const cdir = 'test/fixtures/containers';
  const cm = JSON.parse(readFileSync(`${cdir}/manifest.json`, 'utf8')) as {
    blobs: { tarLength: number; release: string };
    fixtures: { file: string; container: string }[];
  };
  for (const f of cm.fixtures) {
    it(`${f.file}: ${f.container} → the headers tar and the config inside`, async () => {
      const { result } = await inspect(
        bytesSource(new Uint8Array(readFileSync(`${cdir}/${f.file}`)), f.file),
      );
      expect(flatten(result.layers).some((l) => l.format === f.container)).toBe(true);
      expect(result.headers).toMatchObject({ tarBytes: cm.blobs.tarLength, kernelVersion: cm.blobs.release });
      expect(result.config?.source).toBe('ikconfig');
      expect(result.errors.filter((e) => e.severity === 'error')).toEqual([]);
    });
  }
});

describe('inspect: a bzImage payload in every compression kbuild offers', () => {
  for (const [codec, file] of Object.entries(manifest.kbuildCodecs as Record<string, string>)) {
    it(`${codec}: payload decoded, markers found inside, headers and config read`, async () => {
      const { result } = await open(file);
      const bz = flatten(result.layers).find((l) => l.format === 'bzimage')!;
      const payload = bz.children[0]!;
      expect(payload.format).toBe(codec);
      expect(payload.outputSize).toBe(manifest.files['bzImage-fixture.bin'].vmlinuxSize);
      expect(result.headers).toMatchObject(manifest.headers);
      expect(result.config).toMatchObject({ source: 'ikconfig', options: manifest.configOptions });
      expect(result.errors.filter((e) => e.severity === 'error')).toEqual([]);
    });
  }
});

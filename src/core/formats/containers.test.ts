import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Container, ContainerOpened } from './contract';
import { containers } from './index';

const dir = join(__dirname, '../../../test/fixtures/containers');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

interface ManifestRegion {
  offset: number;
  length: number;
  expect?: string;
  label: string;
}
interface ManifestEntry {
  file: string;
  size: number;
  container: string;
  fields: Record<string, string | number>;
  regions: ManifestRegion[];
  facts: Record<string, string>;
  scanRest: boolean;
  length?: number;
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  fixtures: ManifestEntry[];
};

/** The first container that claims `buf`, in registry order (as the layer walker tries them). */
function firstHit(
  buf: Uint8Array,
): { c: Container; opened: ContainerOpened; hit: NonNullable<ReturnType<Container['probe']>> } | null {
  for (const c of containers) {
    const hit = c.probe(buf);
    if (hit) return { c, hit, opened: c.open(buf, hit) };
  }
  return null;
}

describe('container fixtures (test/fixtures/containers/manifest.json)', () => {
  it('has every kind of fixture', () => {
    const kinds = new Set(manifest.fixtures.map((f) => f.container));
    for (const id of containers.map((c) => c.id)) expect(kinds).toContain(id);
  });

  for (const f of manifest.fixtures) {
    it(`${f.file} → ${f.container}`, () => {
      const buf = load(f.file);
      expect(buf.length).toBe(f.size);
      const r = firstHit(buf);
      expect(r?.c.id).toBe(f.container);
      const { hit, opened } = r!;
      expect(hit.fields).toMatchObject(f.fields);
      if (f.length !== undefined) expect(hit.length).toBe(f.length);
      expect(opened.errors).toEqual([]);
      expect(opened.scanRest).toBe(f.scanRest);
      expect(
        opened.regions.map((g) => ({ offset: g.offset, length: g.length, expect: g.expect, label: g.label })),
      ).toEqual(
        f.regions.map((g) => ({ offset: g.offset, length: g.length, expect: g.expect, label: g.label })),
      );
      for (const g of opened.regions) {
        expect(g.foundBy).toBe(f.container === 'elf' ? 'elf-symbol' : 'header-field');
      }
      expect(opened.facts ?? {}).toMatchObject(f.facts);
    });
  }

  it('the regions hold what they claim (codec magic at each region start)', () => {
    const magic: Record<string, number[]> = {
      xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0],
      gzip: [0x1f, 0x8b, 8],
      zstd: [0x28, 0xb5, 0x2f, 0xfd],
    };
    for (const f of manifest.fixtures) {
      const buf = load(f.file);
      for (const g of f.regions) {
        const m = g.expect ? magic[g.expect] : undefined;
        if (m) expect([...buf.subarray(g.offset, g.offset + m.length)], `${f.file} ${g.label}`).toEqual(m);
      }
    }
  });
});

/** Every container, on every prefix and on damaged copies: never throws, regions stay in bounds. */
function checkSane(buf: Uint8Array, what: string): void {
  for (const c of containers) {
    const hit = c.probe(buf);
    if (!hit) continue;
    const o = c.open(buf, hit);
    for (const r of o.regions) {
      expect(r.offset, `${what} ${c.id} ${r.label}`).toBeGreaterThanOrEqual(0);
      expect(r.offset + (r.length ?? 0), `${what} ${c.id} ${r.label}`).toBeLessThanOrEqual(buf.length);
    }
    for (const e of o.errors) expect(e.message.length).toBeGreaterThan(10);
  }
}

describe('robustness', () => {
  it('rejects empty, tiny and zero-filled inputs', () => {
    for (const n of [0, 1, 8, 63, 64, 512, 4096]) {
      for (const c of containers) expect(c.probe(new Uint8Array(n)), `${c.id} on ${n} zero bytes`).toBeNull();
    }
  });

  it('survives every truncation of every fixture', () => {
    for (const f of manifest.fixtures) {
      const full = load(f.file);
      const cuts = new Set<number>();
      for (let n = 0; n < Math.min(full.length, 2200); n += 7) cuts.add(n);
      for (let n = 0; n < full.length; n += 97) cuts.add(n);
      for (const g of f.regions)
        [g.offset, g.offset + 1, g.offset + g.length - 1].forEach((n) => cuts.add(n));
      for (const n of cuts) checkSane(full.subarray(0, n), `${f.file}[0:${n}]`);
    }
  });

  it('reports a truncated region as a clipped region plus a truncated error', () => {
    // ELF is left out: its section headers (and symbols) sit at the end, so a cut file has none.
    for (const f of manifest.fixtures.filter((x) => x.regions.length > 0 && x.container !== 'elf')) {
      const last = f.regions.reduce((a, b) => (a.offset > b.offset ? a : b));
      const buf = load(f.file).subarray(0, last.offset + Math.floor(last.length / 2));
      const r = firstHit(buf);
      expect(r?.c.id, f.file).toBe(f.container);
      const clipped = r!.opened.regions.find((g) => g.offset === last.offset);
      expect(clipped?.length, f.file).toBe(Math.floor(last.length / 2));
      expect(
        r!.opened.errors.some((e) => e.code === 'truncated' && e.offset === last.offset),
        f.file,
      ).toBe(true);
    }
  });

  it('survives random byte damage in the headers', () => {
    let x = 12345;
    const rnd = (n: number): number => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x % n;
    };
    for (const f of manifest.fixtures) {
      const orig = load(f.file);
      for (let round = 0; round < 60; round++) {
        const buf = orig.slice();
        const span = Math.min(buf.length, 4200);
        for (let k = 0; k < 1 + rnd(12); k++) buf[rnd(span)] = rnd(256);
        checkSane(buf, `${f.file} round ${round}`);
      }
    }
  });

  it('survives random bytes behind each magic', () => {
    const heads = [
      [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1],
      [0x7f, 0x45, 0x4c, 0x46, 1, 2, 1],
      [0x27, 0x05, 0x19, 0x56],
      [0x41, 0x4e, 0x44, 0x52, 0x4f, 0x49, 0x44, 0x21],
      [0x56, 0x4e, 0x44, 0x52, 0x42, 0x4f, 0x4f, 0x54],
      [0x4d, 0x5a, 0, 0, 0x7a, 0x69, 0x6d, 0x67],
    ];
    let x = 99;
    for (const head of heads) {
      for (let round = 0; round < 200; round++) {
        const buf = new Uint8Array(3000);
        for (let i = 0; i < buf.length; i++) {
          x = (x * 1103515245 + 12345) >>> 0;
          buf[i] = round % 3 === 0 ? (x >>> 24) & 0x0f : x >>> 24; // small values make plausible sizes
        }
        buf.set(head, 0);
        checkSane(buf, `head ${head[0]} round ${round}`);
      }
    }
  });
});

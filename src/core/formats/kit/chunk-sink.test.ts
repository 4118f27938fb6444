import { describe, expect, it } from 'vitest';
import { ChunkSink } from './codec-kit';

const bytes = (n: number, seed: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('ChunkSink', () => {
  it('a right guess: one buffer, no copy', () => {
    const s = new ChunkSink(1000, 1 << 20);
    const a = bytes(600, 1);
    const b = bytes(400, 2);
    s.put(a);
    s.put(b);
    const r = s.result();
    expect(r.length).toBe(1000);
    expect([...r.subarray(0, 600)]).toEqual([...a]);
    expect([...r.subarray(600)]).toEqual([...b]);
    expect(r.buffer.byteLength).toBe(1000); // the first buffer itself
  });
  it('a too-small guess: chunks added without copying, joined once, byte-exact', () => {
    const s = new ChunkSink(100, 1 << 20);
    const parts = [bytes(70, 1), bytes(70, 2), bytes(5000, 3), bytes(1, 4), bytes(90_000, 5)];
    for (const p of parts) s.put(p);
    const want = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      want.set(p, o);
      o += p.length;
    }
    expect(s.written).toBe(want.length);
    const r = s.result();
    expect(r.length).toBe(want.length);
    expect(Buffer.from(r).equals(Buffer.from(want))).toBe(true);
  });
  it('a far too large guess is trimmed to what was written', () => {
    const s = new ChunkSink(1 << 20, 1 << 30);
    s.put(bytes(1000, 7));
    const r = s.result();
    expect(r.length).toBe(1000);
    expect(r.buffer.byteLength).toBe(1000);
  });
  it('room() counts down to the cap', () => {
    const s = new ChunkSink(10, 50);
    s.put(bytes(30, 1));
    expect(s.room()).toBe(20);
    s.put(bytes(20, 2));
    expect(s.room()).toBe(0);
    expect(s.result().length).toBe(50);
  });
  it('truncate() drops the tail, across chunks too', () => {
    const s = new ChunkSink(100, 1 << 20);
    const all = bytes(5000, 9);
    s.put(all.subarray(0, 70));
    s.put(all.subarray(70, 170)); // spills into a second chunk
    s.put(all.subarray(170)); // and a third
    s.truncate(4000);
    expect(s.written).toBe(4000);
    s.truncate(150); // back into the second chunk
    expect(s.room()).toBe((1 << 20) - 150);
    s.put(all.subarray(150, 300));
    const r = s.result();
    expect(Buffer.from(r).equals(Buffer.from(all.subarray(0, 300)))).toBe(true);
    s.truncate(50); // into the first
    expect(Buffer.from(s.result()).equals(Buffer.from(all.subarray(0, 50)))).toBe(true);
  });
});

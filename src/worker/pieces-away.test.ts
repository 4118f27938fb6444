import { describe, expect, it } from 'vitest';
import { PiecesAway, touchedBuffers } from './pieces-away';

describe('PiecesAway', () => {
  it('lets the decoder run while fewer than max pieces are away, then waits for one back', async () => {
    const p = new PiecesAway(3);
    for (let i = 0; i < 3; i++) {
      expect(p.full()).toBeNull();
      p.sent();
    }
    let on = false;
    const wait = p.full()!.then(() => (on = true));
    await Promise.resolve();
    expect(on).toBe(false); // 3 away: it waits
    p.returned();
    await wait;
    expect(on).toBe(true);
    expect(p.count).toBe(2);
    expect(p.full()).toBeNull();
  });

  it('a buffer back with none counted away (a spare from an earlier task) does not go below 0', () => {
    const p = new PiecesAway(1);
    p.returned();
    expect(p.count).toBe(0);
    expect(p.full()).toBeNull();
  });

  it('touchedBuffers: the spares a fresh block worker starts with, written once', () => {
    const bs = touchedBuffers(3, 4096);
    expect(bs.map((b) => b.byteLength)).toEqual([4096, 4096, 4096]);
    expect(new Uint8Array(bs[2]!).every((x) => x === 1)).toBe(true);
  });
});

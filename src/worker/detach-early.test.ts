import { describe, expect, it } from 'vitest';
import { detachEarly } from './detach-early';

describe('detachEarly', () => {
  it('leaves a detached buffer behind (what invalidates V8’s detaching protector)', () => {
    const buf = detachEarly();
    expect(buf.byteLength).toBe(0);
    expect(() => new Uint8Array(buf)).toThrow(TypeError);
  });
});

import { describe, expect, it } from 'vitest';
import { detachEarly } from './detach-early';

describe('detachEarly', () => {
  it('shrinks a resizable buffer (or detaches one with two views): what invalidates V8’s protector', () => {
    const buf = detachEarly();
    expect(buf.byteLength).toBeLessThan(16);
  });
});

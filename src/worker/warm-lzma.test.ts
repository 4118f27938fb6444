import { describe, expect, it } from 'vitest';
import { warmLiblzma } from './warm-lzma';

describe('warmLiblzma', () => {
  it('decodes its 8 MiB block (verified by liblzma) and drops the bytes', async () => {
    expect(await warmLiblzma()).toBe(8 << 20);
  });
});

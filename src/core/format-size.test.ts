import { describe, expect, it } from 'vitest';
import { formatInt } from './format-size';

describe('formatInt', () => {
  it("prints what toLocaleString('en-US') prints for whole numbers", () => {
    const xs = [0, 1, 12, 999, 1000, 1001, 99_999, 100_000, 1_572_864, 26_659_960, 2 ** 32, 2 ** 53 - 1];
    for (const x of [...xs, ...xs.map((v) => -v).filter((v) => v !== 0)])
      expect(formatInt(x)).toBe(x.toLocaleString('en-US'));
  });
});

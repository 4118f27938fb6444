import { describe, expect, it } from 'vitest';
import { longestLine, splitLines } from './text-lines';

describe('splitLines', () => {
  it('drops only the empty line after a final newline', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('')).toEqual(['']);
    expect(splitLines('\n')).toEqual(['']);
  });
});

describe('longestLine', () => {
  it('looks at every list, and more lines than a call may have arguments', () => {
    expect(longestLine(['ab', 'abcd'], ['abc'])).toBe(4);
    expect(longestLine([], [])).toBe(0);
    const many = Array.from({ length: 300_000 }, (_, i) => (i === 123_456 ? 'x'.repeat(9) : 'y'));
    expect(longestLine(many)).toBe(9);
  });
});

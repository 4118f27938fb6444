import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './hash';

describe('hash', () => {
  it('round-trips path and line range', () => {
    const h = formatHash({ path: 'include/linux/sched.h', lines: { start: 10, end: 20 } });
    expect(h).toBe('#path=include/linux/sched.h&L10-L20');
    expect(parseHash(h)).toEqual({ path: 'include/linux/sched.h', lines: { start: 10, end: 20 } });
  });
  it('accepts the GitHub forms and L=a-b', () => {
    expect(parseHash('#L7').lines).toEqual({ start: 7, end: 7 });
    expect(parseHash('#L20-L10').lines).toEqual({ start: 10, end: 20 });
    expect(parseHash('#path=a.h&L=3-5')).toEqual({ path: 'a.h', lines: { start: 3, end: 5 } });
  });
  it('single line formats as L<n>', () => {
    expect(formatHash({ path: null, lines: { start: 4, end: 4 } })).toBe('#L4');
    expect(formatHash({ path: null, lines: null })).toBe('');
  });
  it('escapes characters that would break the hash', () => {
    const p = 'include/dt-bindings/a&b=c #d%.h';
    expect(parseHash(formatHash({ path: p, lines: null })).path).toBe(p);
  });
  it('ignores garbage and unsafe paths', () => {
    expect(parseHash('#path=%E0%A4%A&Lx&foo=bar&L0')).toEqual({ path: null, lines: null });
    expect(parseHash('#path=../etc/passwd').path).toBeNull();
    expect(parseHash('#path=./include/x.h/').path).toBe('include/x.h');
    expect(parseHash('').path).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { pathFilter } from './glob';

describe('pathFilter', () => {
  it('is null for an empty filter', () => {
    expect(pathFilter('')).toBeNull();
    expect(pathFilter(' , ')).toBeNull();
  });
  it('** crosses folders, * and ? stay in one', () => {
    const f = pathFilter('include/linux/**')!;
    expect(f('include/linux/sched.h')).toBe(true);
    expect(f('include/linux/sched/prio.h')).toBe(true);
    expect(f('include/uapi/linux/types.h')).toBe(false);
    const g = pathFilter('arch/*/include/asm/*.h')!;
    expect(g('arch/x86/include/asm/current.h')).toBe(true);
    expect(g('arch/x86/include/asm/sub/current.h')).toBe(false);
    expect(g('arch/x86/include/generated/asm/types.h')).toBe(false);
    expect(pathFilter('include/linux/sche?.h')!('include/linux/sched.h')).toBe(true);
  });
  it('**/ matches zero or more folders; a trailing / means everything below', () => {
    const f = pathFilter('include/**/types.h')!;
    expect(f('include/types.h')).toBe(true);
    expect(f('include/uapi/linux/types.h')).toBe(true);
    expect(pathFilter('arch/')!('arch/x86/include/asm/current.h')).toBe(true);
  });
  it('a glob without a slash matches the file name in any folder; several globs are ORed', () => {
    const f = pathFilter('*.txt, current.h')!;
    expect(f('include/linux/sched-notes.txt')).toBe(true);
    expect(f('arch/x86/include/asm/current.h')).toBe(true);
    expect(f('include/linux/sched.h')).toBe(false);
  });
  it('regex characters in a glob are literal', () => {
    expect(pathFilter('a+(x).h')!('dir/a+(x).h')).toBe(true);
    expect(pathFilter('a+(x).h')!('dir/aa(x)xh')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { includeFlags, includeRoots, normalisePath, resolveInclude } from './include-roots';

describe('include roots', () => {
  it('follow the kernel build order: arch, generated, include, then the uapi trees', () => {
    expect(includeRoots('x86').slice(0, 3)).toEqual([
      'arch/x86/include',
      'arch/x86/include/generated',
      'include',
    ]);
    expect(includeFlags('arm64')).toMatch(/^-I arch\/arm64\/include -I arch\/arm64\/include\/generated /);
    expect(includeFlags('arm64')).toContain('-include include/linux/kconfig.h -D__KERNEL__');
  });

  it('normalises . and .. and refuses to climb out', () => {
    expect(normalisePath('include/linux/../asm-generic/./x.h')).toBe('include/asm-generic/x.h');
    expect(normalisePath('include/../../etc/passwd')).toBeNull();
  });
});

describe('resolveInclude', () => {
  const files = new Set([
    'include/linux/pid.h',
    'arch/x86/include/asm/current.h',
    'arch/x86/include/generated/asm/types.h',
    'include/asm-generic/current.h',
    'arch/x86/include/uapi/asm/bitsperlong.h',
    'include/linux/sched/prio.h',
    'include/linux/local.h',
  ]);
  const has = (p: string) => files.has(p);

  it('resolves asm/ through the arch include dir and its generated and uapi dirs', () => {
    expect(resolveInclude('asm/current.h', false, 'include/linux/sched.h', 'x86', has).path).toBe(
      'arch/x86/include/asm/current.h',
    );
    expect(resolveInclude('asm/types.h', false, 'include/linux/sched.h', 'x86', has).path).toBe(
      'arch/x86/include/generated/asm/types.h',
    );
    expect(resolveInclude('asm/bitsperlong.h', false, 'x.h', 'x86', has).path).toBe(
      'arch/x86/include/uapi/asm/bitsperlong.h',
    );
  });

  it('a quoted include looks beside the including file first', () => {
    expect(resolveInclude('local.h', true, 'include/linux/sched.h', 'x86', has).path).toBe(
      'include/linux/local.h',
    );
    expect(resolveInclude('local.h', false, 'include/linux/sched.h', 'x86', has).path).toBeNull();
    expect(resolveInclude('../linux/pid.h', true, 'include/asm-generic/current.h', 'x86', has).path).toBe(
      'include/linux/pid.h',
    );
  });

  it('reports what it tried when nothing is found, and rejects absolute or escaping targets', () => {
    const r = resolveInclude('linux/nope.h', false, 'a.h', 'x86', has);
    expect(r.path).toBeNull();
    expect(r.tried[0]).toBe('arch/x86/include/linux/nope.h');
    expect(r.tried).toContain('include/linux/nope.h');
    expect(resolveInclude('/etc/passwd', false, 'a.h', 'x86', has)).toEqual({ path: null, tried: [] });
    expect(resolveInclude('../../../x', true, 'a/b.h', 'x86', has).path).toBeNull();
  });

  it('without a known arch only the generic trees are searched', () => {
    expect(resolveInclude('linux/pid.h', false, 'a.h', null, has).path).toBe('include/linux/pid.h');
    expect(resolveInclude('asm/current.h', false, 'a.h', null, has).path).toBeNull();
  });
});

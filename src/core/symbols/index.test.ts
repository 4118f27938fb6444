import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../search/corpus';
import { lineOf, loadSearchFixture } from '../../../test/kit/search';
import { SymbolIndex } from './index';

let corpus: Corpus;
let index: SymbolIndex;
beforeAll(async () => {
  corpus = (await loadSearchFixture()).corpus;
  index = new SymbolIndex(corpus);
  // Built in small slices, as the worker does.
  let steps = 0;
  while (!index.step(0)) steps++;
  expect(steps).toBeGreaterThan(0);
});

const one = (name: string) => index.lookup(name).map((d) => `${d.path}:${d.line}:${d.kind}`);

describe('SymbolIndex over the search fixture', () => {
  it('finds struct task_struct where it is defined, not where it is declared or mentioned', () => {
    expect(one('task_struct')).toEqual([
      `include/linux/sched.h:${lineOf(corpus, 'include/linux/sched.h', 'struct task_struct {')}:struct`,
    ]);
  });
  it('typedef pid_t, enum constants, macros in several files, functions and prototypes', () => {
    expect(one('pid_t')).toEqual([
      `include/linux/types.h:${lineOf(corpus, 'include/linux/types.h', 'pid_t;')}:typedef`,
    ]);
    expect(one('PIDTYPE_TGID')).toEqual([
      `include/linux/pid.h:${lineOf(corpus, 'include/linux/pid.h', 'PIDTYPE_TGID')}:enum-constant`,
    ]);
    expect(one('current').map((s) => s.replace(/:\d+:/, ':'))).toEqual([
      'arch/x86/include/asm/current.h:macro',
      'include/asm-generic/current.h:macro',
    ]);
    expect(one('get_current').map((s) => s.replace(/:\d+:/, ':'))).toEqual([
      'arch/x86/include/asm/current.h:function',
      'include/asm-generic/current.h:macro',
    ]);
    expect(one('pid_vnr').map((s) => s.split(':')[2])).toEqual(['prototype']);
    expect(one('task_tgid_nr')).toEqual([
      `include/linux/sched.h:${lineOf(corpus, 'include/linux/sched.h', 'task_tgid_nr(')}:function`,
    ]);
    expect(one('rcu_callback_t').map((s) => s.split(':')[2])).toEqual(['typedef']);
    expect(one('TFB_EXITING').map((s) => s.split(':')[2])).toEqual(['enum-constant']);
    expect(one('set_special_state').map((s) => s.split(':')[2])).toEqual(['macro']);
  });
  it('nothing from comments, strings, continued comments or non-C files', () => {
    for (const n of ['fake_in_comment', 'fake_in_string', 'fake_continued', 'flags', 'Not', ''])
      expect(one(n)).toEqual([]);
  });
  it('counts', () => {
    expect(index.done).toBe(true);
    expect(index.count).toBeGreaterThan(100);
    expect(index.names).toBeLessThanOrEqual(index.count);
  });
});

import { describe, expect, it } from 'vitest';
import { cutMarks, segmentLine } from './code-segments';

const texts = (line: string, marks: [number, number][] | null = null) =>
  segmentLine(line, 0, marks).map((s) => s.text);

describe('segmentLine', () => {
  it('keeps the line text and splits identifiers out of plain text', () => {
    const line = 'static inline pid_t task_pid(struct task_struct *tsk)';
    expect(texts(line).join('')).toBe(line);
    const ids = segmentLine(line, 0, null)
      .filter((s) => s.ident)
      .map((s) => s.text);
    expect(ids).toEqual(['pid_t', 'task_pid', 'task_struct', 'tsk']);
  });

  it('no identifiers inside comments, strings or numbers', () => {
    const ids = segmentLine('x = 0x10; /* task_struct */ "pid"', 0, null).filter((s) => s.ident);
    expect(ids.map((s) => s.text)).toEqual(['x']);
  });

  it('marks the target of an #include, angle or quoted', () => {
    const a = segmentLine('#include <linux/pid.h>', 0, null).find((s) => s.include);
    expect(a?.include).toEqual({ target: 'linux/pid.h', quoted: false });
    const q = segmentLine('# include "foo.h" /* local */', 0, null).find((s) => s.include);
    expect(q?.include).toEqual({ target: 'foo.h', quoted: true });
    expect(segmentLine('#define X "foo.h"', 0, null).some((s) => s.include)).toBe(false);
  });

  it('cuts search marks across token boundaries', () => {
    const segs = segmentLine('struct task_struct {', 0, [[3, 11]]);
    expect(segs.map((s) => s.text).join('')).toBe('struct task_struct {');
    expect(
      segs
        .filter((s) => s.marked)
        .map((s) => s.text)
        .join(''),
    ).toBe('uct task');
  });

  it('cutMarks ignores ranges outside the line', () => {
    const segs = [{ kind: 'plain' as const, text: 'abc' }];
    expect(cutMarks(segs, [[5, 9]])).toEqual(segs);
    expect(cutMarks(segs, [[0, 3]])).toEqual([{ kind: 'plain', text: 'abc', marked: true }]);
  });
});

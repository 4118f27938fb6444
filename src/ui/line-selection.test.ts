import { describe, expect, it } from 'vitest';
import { clampRange, clickLine, inRange } from './line-selection';

describe('line selection', () => {
  it('click selects one line, shift-click extends from the anchor both ways', () => {
    let s = clickLine(null, 10, false);
    expect(s.range).toEqual({ start: 10, end: 10 });
    s = clickLine(s, 20, true);
    expect(s.range).toEqual({ start: 10, end: 20 });
    s = clickLine(s, 5, true);
    expect(s.range).toEqual({ start: 5, end: 10 });
    s = clickLine(s, 7, false);
    expect(s).toEqual({ range: { start: 7, end: 7 }, anchor: 7 });
  });
  it('shift-click without a selection acts as a click', () => {
    expect(clickLine(null, 3, true).range).toEqual({ start: 3, end: 3 });
  });
  it('clamps to the file', () => {
    expect(clampRange({ start: 8, end: 50 }, 20)).toEqual({ start: 8, end: 20 });
    expect(clampRange({ start: 30, end: 50 }, 20)).toBeNull();
    expect(clampRange(null, 20)).toBeNull();
  });
  it('inRange', () => {
    expect(inRange({ start: 2, end: 4 }, 4)).toBe(true);
    expect(inRange({ start: 2, end: 4 }, 5)).toBe(false);
    expect(inRange(null, 1)).toBe(false);
  });
});

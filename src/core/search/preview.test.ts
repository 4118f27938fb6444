import { describe, expect, it } from 'vitest';
import { bytesToText, type Corpus } from './corpus';
import { previewOf } from './preview';

function corpusOf(s: string): Corpus {
  const tar = new TextEncoder().encode(s);
  return { tar, text: bytesToText(tar), files: [{ path: 'a.h', start: 0, end: tar.length }] };
}

describe('previewOf', () => {
  it('keeps ASCII lines and ranges as they are', () => {
    const c = corpusOf('int pid; int pid2;');
    const p = previewOf(c, { file: 0, line: 3, start: 0, end: 18, ranges: [[4, 7]] });
    expect(p).toEqual({
      line: 3,
      text: 'int pid; int pid2;',
      ranges: [[4, 7]],
      at: 0,
      cutStart: false,
      cutEnd: false,
    });
  });

  it('moves byte ranges to string indices on UTF-8 lines', () => {
    const c = corpusOf('/* Müller and Müller */');
    // "Müller" is bytes 3..10 and 15..22 (ü is two bytes).
    const p = previewOf(c, {
      file: 0,
      line: 1,
      start: 0,
      end: c.tar.length,
      ranges: [
        [3, 10],
        [15, 22],
      ],
    });
    expect(p.text).toBe('/* Müller and Müller */');
    expect(p.ranges.map(([a, b]) => p.text.slice(a, b))).toEqual(['Müller', 'Müller']);
  });

  it('cuts a long line around its first match', () => {
    const line = 'x'.repeat(1000) + 'NEEDLE' + 'y'.repeat(1000);
    const c = corpusOf(line);
    const p = previewOf(c, { file: 0, line: 1, start: 0, end: line.length, ranges: [[1000, 1006]] }, 60);
    expect(p.text).toHaveLength(60);
    expect(p.cutStart && p.cutEnd).toBe(true);
    expect(p.ranges.map(([a, b]) => p.text.slice(a, b))).toEqual(['NEEDLE']);
    expect(line.slice(p.at, p.at + p.text.length)).toBe(p.text);
  });

  it('a cut UTF-8 line says where its text starts in the decoded line', () => {
    const line = 'ü'.repeat(100) + 'NEEDLE';
    const c = corpusOf(line);
    const p = previewOf(c, { file: 0, line: 1, start: 0, end: c.tar.length, ranges: [[200, 206]] }, 30);
    expect(p.cutStart).toBe(true);
    expect(line.slice(p.at, p.at + p.text.length)).toBe(p.text);
    expect(p.ranges.map(([a, b]) => line.slice(p.at + a, p.at + b))).toEqual(['NEEDLE']);
  });
});

import { describe, expect, it } from 'vitest';
import { lineStates, tokenizeLine, type Token } from './c-tokenize';

const kinds = (t: Token[]): string => t.map((x) => `${x.kind}:${x.text}`).join('|');

describe('C tokenizer', () => {
  it('preprocessor, include paths, comments', () => {
    expect(kinds(tokenizeLine('#include <linux/types.h> // hi', 0).tokens)).toBe(
      'preproc:#include|plain: |string:<linux/types.h>|plain: |comment:// hi',
    );
    expect(kinds(tokenizeLine('  #  define FOO 0x1fUL', 0).tokens)).toBe(
      'plain:  |preproc:#  define|plain: FOO |number:0x1fUL',
    );
  });
  it('keywords, types, strings, chars', () => {
    const { tokens } = tokenizeLine('static const char *s = "a\\"/*b"; char c = \'\\\'\';', 0);
    expect(kinds(tokens)).toBe(
      'keyword:static|plain: |keyword:const|plain: |type:char|plain: *s = |string:"a\\"/*b"|plain:; |type:char|plain: c = |char:\'\\\'\'|plain:;',
    );
  });
  it('block comments across lines', () => {
    const a = tokenizeLine('int x; /* start', 0);
    expect(a.state).toBe(1);
    const b = tokenizeLine('still */ return 1;', a.state);
    expect(kinds(b.tokens)).toBe('comment:still */|plain: |keyword:return|plain: |number:1|plain:;');
    expect(b.state).toBe(0);
  });
  it('identifiers containing digits are not numbers', () => {
    expect(kinds(tokenizeLine('u32 x86_64;', 0).tokens)).toBe('type:u32|plain: x86_64;');
  });
  it('lineStates tracks comment state per line', () => {
    const lines = ['/* a', ' * b', ' */', 'int x; // /* no', '"/*" x'];
    expect(Array.from(lineStates(lines))).toEqual([0, 1, 1, 0, 0]);
  });
  it('the text of all tokens is the line', () => {
    const line = '#define X(a) ((a) * 2) /* c */ "s" \'c\' 1.5e3';
    expect(
      tokenizeLine(line, 0)
        .tokens.map((t) => t.text)
        .join(''),
    ).toBe(line);
  });
});

import { describe, expect, it } from 'vitest';
import { displayLineBytes } from './display-line';

const enc = new TextEncoder();
const shown = (b: Uint8Array | number[]): string =>
  new TextDecoder().decode(displayLineBytes(b instanceof Uint8Array ? b : Uint8Array.from(b)));

describe('displayLineBytes (a line of content for a terminal)', () => {
  it('returns an ordinary line itself: ASCII, TAB, backslashes and UTF-8 text are kept', () => {
    for (const s of ['#define A\t1 /* \\ */', 'ümlaut שלום عربي 漢字 😀', '']) {
      const b = enc.encode(s);
      expect(displayLineBytes(b)).toEqual(b);
    }
    const ascii = enc.encode('plain');
    expect(displayLineBytes(ascii)).toBe(ascii);
  });

  it('escapes C0 (but TAB), DEL, C1, bidi and line separators as the name policy does', () => {
    expect(shown(enc.encode('a\x1b]0;x\x07b\rc\x00'))).toBe('a\\x1b]0;x\\x07b\\x0dc\\x00');
    expect(shown(enc.encode('del\x7f c1\u009b\tok'))).toBe('del\\x7f c1\\x9b\tok');
    expect(shown(enc.encode('txt.\u202egpj.h \u2066\u2069\u200f\u061c\u2028'))).toBe(
      'txt.\\u202Egpj.h \\u2066\\u2069\\u200F\\u061C\\u2028',
    );
  });

  it('escapes each byte that is not valid UTF-8 (lone C1 byte, latin-1, truncated, overlong, surrogate)', () => {
    expect(shown([0x61, 0x9b, 0x33, 0x31, 0x6d])).toBe('a\\x9b31m');
    expect(shown([0xe9, 0x74, 0xe9])).toBe('\\xe9t\\xe9');
    expect(shown([0x78, 0xe2, 0x80])).toBe('x\\xe2\\x80');
    expect(shown([0xc0, 0xaf])).toBe('\\xc0\\xaf');
    expect(shown([0xed, 0xa0, 0x80])).toBe('\\xed\\xa0\\x80');
    expect(shown([0xf4, 0x90, 0x80, 0x80])).toBe('\\xf4\\x90\\x80\\x80');
  });

  it('never leaves a byte a terminal acts on, for every single byte and every code point below U+3000', () => {
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const RAW = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    const bad: string[] = [];
    for (let b = 0; b < 256; b++) {
      const out = displayLineBytes(Uint8Array.of(0x20, b));
      if (RAW.test(new TextDecoder().decode(out)) || out.some((x) => x < 0x20 && x !== 0x09))
        bad.push(`byte ${b}`);
    }
    for (let cp = 0; cp < 0x3000; cp++)
      if (RAW.test(shown(enc.encode(String.fromCodePoint(cp))))) bad.push(`U+${cp.toString(16)}`);
    expect(bad).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  contentParts,
  countBidiControls,
  displayName,
  displayText,
  escapeToken,
  hasUnsafeChars,
  nameParts,
  terminalSafeJson,
} from './names';

describe('name policy', () => {
  it('leaves ordinary names alone, including non-Latin scripts and RTL letters', () => {
    for (const n of ['include/linux/sched.h', 'Kconfig.ümlaut', 'שלום.h', 'عربي.h', 'a\\b.h'])
      expect(displayName(n)).toBe(n);
    expect(nameParts('sched.h')).toEqual([{ text: 'sched.h', escaped: false }]);
  });

  it('escapes C0, DEL and C1 controls as \\xNN', () => {
    expect(displayText('a\x1b]0;pwned\x07b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(displayText('line\nfake\r\t\0')).toBe('line\\x0afake\\x0d\\x09\\x00');
    expect(displayText('del\x7f c1\x9b')).toBe('del\\x7f c1\\x9b');
  });

  it('escapes every bidi control and the line separators as \\uXXXX', () => {
    const bidi = [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x61c,
    ];
    for (const c of [...bidi, 0x2028, 0x2029]) {
      const ch = String.fromCharCode(c);
      expect(hasUnsafeChars(`x${ch}y`)).toBe(true);
      expect(displayName(`x${ch}y`)).toBe(`x${escapeToken(ch)}y`);
    }
    expect(displayName('txt.\u202egpj.h')).toBe('txt.\\u202Egpj.h');
  });

  it('gives the UI literal runs and escape tokens in order', () => {
    expect(nameParts('\u202eab\x1b')).toEqual([
      { text: '\\u202E', escaped: true },
      { text: 'ab', escaped: false },
      { text: '\\x1b', escaped: true },
    ]);
    const s = 'x\u2066\u2069y\x00';
    expect(
      nameParts(s)
        .map((p) => p.text)
        .join(''),
    ).toBe(displayName(s));
  });

  it('plain text output holds no control character and doubles a literal backslash', () => {
    let all = '';
    for (let c = 0; c < 0x2100; c++) all += String.fromCharCode(c);
    const out = displayText(all);
    expect(hasUnsafeChars(out)).toBe(false);
    expect(displayText('a\\x1b')).toBe('a\\\\x1b');
    expect(displayText('a\x1b')).not.toBe(displayText('a\\x1b'));
  });
});

describe('terminalSafeJson', () => {
  it('escapes DEL, C1 and bidi inside strings and keeps the parsed value and the layout', () => {
    const v = { name: 'a\x1b\x7f\x9b\u202e\u2066b', n: [1, 2] };
    const raw = JSON.stringify(v, null, 2);
    const safe = terminalSafeJson(raw);
    expect(JSON.parse(safe)).toEqual(v);
    expect(safe.split('\n').length).toBe(raw.split('\n').length);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u2066]/.test(safe)).toBe(false);
  });
});

describe('contentParts (file contents in the viewers)', () => {
  const shown = (t: string, lineEnd?: boolean) =>
    contentParts(t, lineEnd)
      .map((p) => (p.escaped ? `[${p.text}]` : p.text))
      .join('');

  it('shows bidi controls, isolates and invisible marks as tokens (Trojan Source)', () => {
    expect(shown('/* \u202e } \u2066if (admin)\u2069 \u2067 */')).toBe(
      '/* [\\u202E] } [\\u2066]if (admin)[\\u2069] [\\u2067] */',
    );
    expect(shown('a\u200eb\u200fc\u061cd')).toBe('a[\\u200E]b[\\u200F]c[\\u061C]d');
  });

  it('keeps tabs and a CRLF line end as layout, but not a CR inside a line', () => {
    expect(contentParts('#define A\t1\r')).toEqual([
      { text: '#define A\t1', escaped: false },
      { text: '\r', escaped: false },
    ]);
    expect(shown('fake\rline')).toBe('fake[\\x0d]line');
    expect(shown('piece\r', false)).toBe('piece[\\x0d]');
  });

  it('shows terminal controls, DEL and C1 as tokens; plain UTF-8 text is one literal part', () => {
    expect(shown('"\u001b]0;x\u0007" \u007f \u009b')).toBe('"[\\x1b]]0;x[\\x07]" [\\x7f] [\\x9b]');
    expect(contentParts('#define UTF8 "ümlaut שלום"')).toEqual([
      { text: '#define UTF8 "ümlaut שלום"', escaped: false },
    ]);
  });

  it('counts the bidi controls a file holds', () => {
    expect(countBidiControls('a\u202eb\u2066c\u2069\u200f')).toBe(4);
    expect(countBidiControls('tabs\tand \u001b escapes')).toBe(0);
  });
});

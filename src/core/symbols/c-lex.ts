/**
 * A C lexer for indexing whole header files: it knows comments (including a `//` comment continued
 * by a backslash), string and character literals, line continuations, numbers and preprocessor
 * lines, and hands the parser only what a symbol index needs: identifiers, punctuation and
 * directives, each with its 1-based line. Works on a one-char-per-byte string (see search/corpus.ts)
 * between two offsets, without allocating tokens; identifiers are reported as ranges.
 */

export interface LexSink {
  /** An identifier [start, end). */
  ident(start: number, end: number, line: number): void;
  /** One punctuation char code: { } ( ) [ ] ; , * = and `"` for a string literal. */
  punct(ch: number, line: number): void;
  /** A preprocessor line: its directive name and, for #define/#undef, the macro name range (or -1). */
  directive(name: string, nameStart: number, nameEnd: number, line: number): void;
}

const isIdStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128;
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);

const PUNCT = new Uint8Array(128);
for (const ch of '{}()[];,*=') PUNCT[ch.charCodeAt(0)] = 1;

const NL = 10;
const BS = 92;

// eslint-disable-next-line max-lines-per-function -- Long on purpose: one hot scanning loop over the text (a state machine); helpers per token kind measured slower.
export function lexC(text: string, start: number, end: number, sink: LexSink): void {
  let i = start;
  let line = 1;
  /** True while only whitespace has been seen on this (logical) line: a `#` starts a directive. */
  let lineStart = true;

  /** Skip a backslash-newline (or backslash-CR-LF) at i; returns the new index or -1. */
  const splice = (j: number): number => {
    if (text.charCodeAt(j) !== BS) return -1;
    const c = text.charCodeAt(j + 1);
    if (c === NL) return j + 2;
    if (c === 13 && text.charCodeAt(j + 2) === NL) return j + 3;
    return -1;
  };

  /** Skip a block comment starting at i (at the '/'); returns the index after it. */
  const blockComment = (j: number): number => {
    j += 2;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === NL) line++;
      else if (c === 42 && text.charCodeAt(j + 1) === 47) return j + 2;
      j++;
    }
    return end;
  };

  /** Skip a line comment (continued by a trailing backslash); returns the index of its newline. */
  const lineComment = (j: number): number => {
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === NL) {
        if (
          text.charCodeAt(j - 1) === BS ||
          (text.charCodeAt(j - 1) === 13 && text.charCodeAt(j - 2) === BS)
        ) {
          line++;
          j++;
          continue;
        }
        return j;
      }
      j++;
    }
    return end;
  };

  /** Skip a quoted literal starting at j (the quote); stops at an unescaped newline (unterminated). */
  const quoted = (j: number, q: number): number => {
    j++;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === BS) {
        const s = splice(j);
        if (s >= 0) {
          line++;
          j = s;
        } else j += 2;
      } else if (c === q) return j + 1;
      else if (c === NL) return j;
      else j++;
    }
    return end;
  };

  /** Skip the rest of a preprocessor line (continuations, comments, literals included). */
  const restOfDirective = (j: number): number => {
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === NL) return j;
      if (c === BS) {
        const s = splice(j);
        if (s >= 0) {
          line++;
          j = s;
          continue;
        }
      } else if (c === 47 && text.charCodeAt(j + 1) === 42) {
        j = blockComment(j);
        continue;
      } else if (c === 47 && text.charCodeAt(j + 1) === 47) {
        return lineComment(j);
      } else if (c === 34 || c === 39) {
        j = quoted(j, c);
        continue;
      }
      j++;
    }
    return end;
  };

  /** Skip spaces, tabs and continuations within a directive line. */
  const hspace = (j: number): number => {
    for (;;) {
      if (j >= end) return end;
      const c = text.charCodeAt(j);
      if (c === 32 || c === 9) j++;
      else if (c === 47 && text.charCodeAt(j + 1) === 42) j = blockComment(j);
      else {
        const s = splice(j);
        if (s < 0) return j;
        line++;
        j = s;
      }
    }
  };

  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      line++;
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === BS) {
      const s = splice(i);
      if (s >= 0) {
        line++;
        i = s;
        continue;
      }
      i++;
      lineStart = false;
      continue;
    }
    if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d === 42) {
        i = blockComment(i);
        continue;
      }
      if (d === 47) {
        i = lineComment(i);
        continue;
      }
    }
    if (c === 35 /* # */ && lineStart) {
      const dirLine = line;
      let j = hspace(i + 1);
      const ns = j;
      while (j < end && isIdChar(text.charCodeAt(j))) j++;
      const name = text.slice(ns, j);
      let ms = -1;
      let me = -1;
      if (name === 'define' || name === 'undef') {
        const k = hspace(j);
        if (k < end && isIdStart(text.charCodeAt(k))) {
          ms = k;
          me = k + 1;
          while (me < end && isIdChar(text.charCodeAt(me))) me++;
          j = me;
        }
      }
      sink.directive(name, ms, me, dirLine);
      i = restOfDirective(j);
      continue;
    }
    lineStart = false;
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < end && isIdChar(text.charCodeAt(j))) j++;
      // A wide/UTF string or char prefix (L"", u8"", U'') is part of the literal.
      const q = text.charCodeAt(j);
      if ((q === 34 || q === 39) && j - i <= 2 && /^(?:L|u|U|u8)$/.test(text.slice(i, j))) {
        if (q === 34) sink.punct(34, line);
        i = quoted(j, q);
        continue;
      }
      sink.ident(i, j, line);
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      // pp-number: digits, letters, dots, and exponent signs.
      let j = i + 1;
      for (;;) {
        const d = text.charCodeAt(j);
        if (isIdChar(d) || d === 46) j++;
        else if ((d === 43 || d === 45) && /[eEpP]/.test(text[j - 1] ?? '')) j++;
        else break;
      }
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      if (c === 34) sink.punct(34, line);
      i = quoted(i, c);
      continue;
    }
    if (c < 128 && PUNCT[c]) sink.punct(c, line);
    i++;
  }
}

/**
 * A small C tokenizer for highlighting headers, one line at a time. The only state carried across
 * lines is "inside a block comment", so any visible line can be highlighted after one cheap pass
 * (`lineStates`) over the whole file.
 */
export type TokenKind = 'plain' | 'comment' | 'string' | 'char' | 'number' | 'preproc' | 'keyword' | 'type';

export interface Token {
  kind: TokenKind;
  text: string;
}

/** 0 = normal, 1 = inside a block comment. */
export type LexState = 0 | 1;

const KEYWORDS = new Set(
  (
    'auto break case const continue default do else enum extern for goto if inline register restrict return ' +
    'sizeof static struct switch typedef union volatile while asm __asm__ __inline__ __inline __volatile__ ' +
    '__attribute__ typeof __typeof__ _Static_assert static_assert _Alignas _Alignof alignof _Generic ' +
    '_Noreturn _Thread_local __extension__ __restrict NULL true false'
  ).split(' '),
);

const TYPES = new Set(
  (
    'void char short int long float double signed unsigned _Bool bool size_t ssize_t ptrdiff_t uintptr_t ' +
    'intptr_t u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64 __le16 __le32 ' +
    '__le64 __be16 __be32 __be64 uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t ' +
    'atomic_t atomic64_t spinlock_t gfp_t loff_t pid_t uid_t gid_t dev_t umode_t'
  ).split(' '),
);

const isIdStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdChar = (c: number): boolean => isIdStart(c) || isDigit(c);

type Emit = ((kind: TokenKind, start: number, end: number) => void) | null;

/** End index of a quoted literal starting at `i` (the quote), honouring backslash escapes. */
function quoted(line: string, i: number, q: number): number {
  let j = i + 1;
  while (j < line.length) {
    const c = line.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === q) return j + 1;
    else j++;
  }
  return line.length;
}

// eslint-disable-next-line max-lines-per-function -- Long on purpose: the lexer state machine in one loop; its cases share `i` and `state`, which split parts would pass back and forth.
function lex(line: string, state: LexState, emit: Emit): LexState {
  const n = line.length;
  let i = 0;
  if (state === 1) {
    const close = line.indexOf('*/');
    const end = close < 0 ? n : close + 2;
    emit?.('comment', 0, end);
    if (close < 0) return 1;
    i = end;
  }
  // Preprocessor directive: `#` (after indentation) plus its name; `<path>` after #include.
  let k = i;
  while (k < n && (line[k] === ' ' || line[k] === '\t')) k++;
  if (i === 0 && line[k] === '#') {
    let j = k + 1;
    while (j < n && (line[j] === ' ' || line[j] === '\t')) j++;
    while (j < n && isIdChar(line.charCodeAt(j))) j++;
    emit?.('plain', 0, k);
    emit?.('preproc', k, j);
    const word = line.slice(k + 1, j).trim();
    i = j;
    if (word === 'include' || word === 'include_next') {
      let s = i;
      while (s < n && line[s] === ' ') s++;
      if (line[s] === '<') {
        const close = line.indexOf('>', s);
        const e = close < 0 ? n : close + 1;
        emit?.('plain', i, s);
        emit?.('string', s, e);
        i = e;
      }
    }
  }
  let plainStart = i;
  const flush = (to: number): void => {
    if (to > plainStart) emit?.('plain', plainStart, to);
  };
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 47 /* / */ && line.charCodeAt(i + 1) === 47) {
      flush(i);
      emit?.('comment', i, n);
      return 0;
    }
    if (c === 47 && line.charCodeAt(i + 1) === 42 /* * */) {
      flush(i);
      const close = line.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      emit?.('comment', i, end);
      if (close < 0) return 1;
      i = plainStart = end;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      flush(i);
      const end = quoted(line, i, c);
      emit?.(c === 34 ? 'string' : 'char', i, end);
      i = plainStart = end;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(line.charCodeAt(i + 1)))) {
      flush(i);
      let j = i + 1;
      while (j < n && (isIdChar(line.charCodeAt(j)) || line[j] === '.')) j++;
      emit?.('number', i, j);
      i = plainStart = j;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(line.charCodeAt(j))) j++;
      if (emit) {
        const w = line.slice(i, j);
        const kind = KEYWORDS.has(w) ? 'keyword' : TYPES.has(w) ? 'type' : null;
        if (kind) {
          flush(i);
          emit(kind, i, j);
          plainStart = j;
        }
      }
      i = j;
      continue;
    }
    i++;
  }
  flush(n);
  return 0;
}

/** Tokens of one line (adjacent plain text merged) and the state at its end. */
export function tokenizeLine(line: string, state: LexState): { tokens: Token[]; state: LexState } {
  const tokens: Token[] = [];
  const end = lex(line, state, (kind, s, e) => {
    if (e <= s) return;
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind && kind === 'plain') last.text += line.slice(s, e);
    else tokens.push({ kind, text: line.slice(s, e) });
  });
  return { tokens, state: end };
}

/** The lexer state at the start of every line, in one allocation-free pass. */
export function lineStates(lines: readonly string[]): Uint8Array {
  const out = new Uint8Array(lines.length);
  let s: LexState = 0;
  for (let i = 0; i < lines.length; i++) {
    out[i] = s;
    const line = lines[i]!;
    // Fast path: lines without comment or quote characters cannot change the state.
    if (s === 0 && line.indexOf('/') < 0) continue;
    s = lex(line, s, null);
  }
  return out;
}

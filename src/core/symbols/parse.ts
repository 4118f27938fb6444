/**
 * Definitions in one C header, from the tokens of c-lex.ts: struct/union/enum bodies, typedefs,
 * #define macros, function definitions and prototypes (static inline included) and enum constants.
 * A small state machine over brace and parenthesis depth, not line regexes, so comments, strings,
 * continuations and multi-line declarations do not confuse it. `#if`/`#else` branches both count;
 * each `#else`/`#elif` starts again from the brace depth at its `#if`.
 */
import { lexC, type LexSink } from './c-lex';

export type DefKind =
  'struct' | 'union' | 'enum' | 'typedef' | 'macro' | 'function' | 'prototype' | 'enum-constant';

export const DEF_KINDS: readonly DefKind[] = [
  'struct',
  'union',
  'enum',
  'typedef',
  'macro',
  'function',
  'prototype',
  'enum-constant',
];

/** A definition: the name is text[start, end) of the parsed string (no string is allocated). */
interface Def {
  start: number;
  end: number;
  kind: DefKind;
  line: number;
}

/** Words that are never a declared name. */
const RESERVED = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int ' +
    'long register restrict return short signed sizeof static struct switch typedef union unsigned void ' +
    'volatile while _Bool _Complex _Atomic _Noreturn _Thread_local _Static_assert static_assert _Alignas ' +
    '__inline __inline__ __volatile__ __const __const__ __restrict __restrict__ __signed__ __extension__ ' +
    '__attribute__ __attribute typeof __typeof__ __typeof asm __asm__ __asm bool'
  ).split(' '),
);

interface StmtTok {
  /** An identifier's text, or a one-char punctuation string. */
  t: string;
  id: boolean;
  line: number;
  /** Range of an identifier in the text (punctuation: -1). */
  s: number;
  e: number;
}

const OPEN = 123;
const CLOSE = 125;
const LPAREN = 40;
const RPAREN = 41;
const SEMI = 59;
const COMMA = 44;

/** All-caps names followed by `(` at file level are macro invocations (DECLARE_BITMAP(…);), not functions. */
const isMacroCase = (s: string): boolean => /^[A-Z0-9_]+$/.test(s);
/** Attribute-like macros: `__aligned(8)`, `__printf(1, 2)`, `__attribute__((…))`. */
const isAttr = (s: string): boolean => s.startsWith('__');

/** The name a typedef declares in one comma-separated declarator list segment. */
function typedefNames(toks: StmtTok[]): StmtTok[] {
  const out: StmtTok[] = [];
  const segments: StmtTok[][] = [[]];
  let pd = 0;
  for (const tk of toks) {
    if (tk.t === '(') pd++;
    else if (tk.t === ')') pd = Math.max(0, pd - 1);
    if (tk.t === ',' && pd === 0) segments.push([]);
    else segments[segments.length - 1]!.push(tk);
  }
  for (const seg of segments) {
    // Function pointer: ( * NAME ) — possibly with qualifiers between.
    let found: StmtTok | null = null;
    for (let i = 0; i + 1 < seg.length && !found; i++) {
      if (seg[i]!.t !== '(') continue;
      let j = i + 1;
      while (j < seg.length && seg[j]!.id && RESERVED.has(seg[j]!.t)) j++;
      if (seg[j]?.t !== '*') continue;
      while (j < seg.length && (seg[j]!.t === '*' || (seg[j]!.id && RESERVED.has(seg[j]!.t)))) j++;
      const n = seg[j];
      if (n?.id) found = n;
    }
    if (!found) {
      let depth = 0;
      // `typedef int (handler_fn)(int);`: the name in the first parentheses when none is outside.
      let inner: StmtTok | null = null;
      for (let i = 0; i < seg.length; i++) {
        const tk = seg[i]!;
        if (depth === 1 && !inner && tk.id && !RESERVED.has(tk.t) && !isAttr(tk.t)) inner = tk;
        if (tk.t === '(') depth++;
        else if (tk.t === ')') depth = Math.max(0, depth - 1);
        else if (depth === 0 && (tk.t === '[' || tk.t === '=')) break;
        else if (depth === 0 && tk.id && !RESERVED.has(tk.t)) {
          if (seg[i + 1]?.t === '(' && isAttr(tk.t)) continue;
          found = tk;
        }
      }
      found ??= inner;
    }
    if (found) out.push(found);
  }
  return out;
}

/** The function a file-level declaration names: the first `NAME (` at paren depth 0 with a type before it. */
function functionName(toks: StmtTok[]): StmtTok | null {
  let pd = 0;
  for (let i = 0; i + 1 < toks.length; i++) {
    const tk = toks[i]!;
    if (tk.t === '(') pd++;
    else if (tk.t === ')') pd = Math.max(0, pd - 1);
    else if (pd === 0 && tk.id && toks[i + 1]!.t === '(') {
      if (RESERVED.has(tk.t) || isAttr(tk.t)) continue;
      if (i === 0 || isMacroCase(tk.t)) return null;
      // `int (*fp)(void)` is a variable; `= foo(...)` is an initializer.
      for (let k = 0; k < i; k++) if (toks[k]!.t === '=') return null;
      return tk;
    }
  }
  return null;
}

/** After struct/union/enum and before its body: the keyword and candidate tag names. */
type TagKw = 'struct' | 'union' | 'enum';

/** The parser's state between tokens; lexC calls its ident/punct/directive. */
class DefParser implements LexSink {
  depth = 0;
  /** Parenthesis depth (within the current statement). */
  pd = 0;
  stmt: StmtTok[] = [];
  /** Depths at which a `{` opened a function body (closing it ends the statement). */
  readonly fnBodies: number[] = [];
  tagKw: TagKw | null = null;
  tagNames: StmtTok[] = [];
  tagPd = 0;
  /** Brace depth of the enum bodies we are in (constants live at the top of the innermost). */
  readonly enumDepths: number[] = [];
  expectConst = false;
  readonly ifStack: number[] = [];
  externC = 0;

  constructor(
    private readonly text: string,
    private readonly emit: (d: Def) => void,
  ) {}

  private push(tk: StmtTok): void {
    if (this.depth === 0 && this.stmt.length < 512) this.stmt.push(tk);
  }

  /** At the top of the innermost enum body. */
  private atEnumTop(): boolean {
    const n = this.enumDepths.length;
    return n > 0 && this.depth === this.enumDepths[n - 1];
  }

  ident(s: number, e: number, line: number): void {
    // Inside bodies only struct/union/enum keywords, tags and enum constants matter: skip the slice.
    if (this.depth > 0 && !(this.atEnumTop() && this.expectConst) && this.tagKw === null) {
      const len = e - s;
      const c0 = this.text.charCodeAt(s);
      if (!((len === 6 && c0 === 115) || (len === 5 && c0 === 117) || (len === 4 && c0 === 101))) return;
    }
    const t = this.text.slice(s, e);
    const tk = { t, id: true, line, s, e };
    this.push(tk);
    if (this.atEnumTop() && this.pd === 0 && this.expectConst) {
      this.emit({ start: s, end: e, kind: 'enum-constant', line });
      this.expectConst = false;
    }
    if (t === 'struct' || t === 'union' || t === 'enum') {
      this.tagKw = t;
      this.tagNames = [];
      this.tagPd = this.pd;
    } else if (this.tagKw && !RESERVED.has(t)) this.tagNames.push(tk);
  }

  punct(ch: number, line: number): void {
    if (ch === LPAREN) {
      this.pd++;
      if (this.tagKw && this.tagNames.length) this.tagNames.pop(); // NAME( was an attribute macro
    } else if (ch === RPAREN) this.pd = Math.max(0, this.pd - 1);
    if (ch !== OPEN && ch !== CLOSE) this.push({ t: String.fromCharCode(ch), id: false, line, s: -1, e: -1 });
    if (this.atEnumTop()) {
      if (ch === COMMA && this.pd === 0) this.expectConst = true;
      else if (ch !== OPEN) this.expectConst = false;
    }
    if (ch === OPEN) return this.open();
    if (ch === CLOSE) return this.close();
    if (this.tagKw && this.pd <= this.tagPd && ch !== LPAREN && ch !== RPAREN) this.tagKw = null;
    if (ch === SEMI && this.depth === 0) {
      this.finishStatement(this.stmt.slice(0, -1));
      this.stmt = [];
      this.pd = 0;
    }
  }

  /** `{`: a tag's body, a function body, or `extern "C"` (which does not nest). */
  private open(): void {
    const { stmt, tagKw } = this;
    if (this.depth === 0 && stmt.length === 2 && stmt[0]!.t === 'extern' && stmt[1]!.t === '"') {
      this.externC++;
      this.stmt = [];
      return;
    }
    if (tagKw && this.pd === this.tagPd) {
      const name = this.tagNames[this.tagNames.length - 1];
      if (name) this.emit({ start: name.s, end: name.e, kind: tagKw, line: name.line });
      if (tagKw === 'enum') {
        this.enumDepths.push(this.depth + 1);
        this.expectConst = true;
      }
    } else if (this.depth === 0 && this.pd === 0 && stmt[0]?.t !== 'typedef') {
      const fn = functionName(stmt);
      if (fn) {
        this.emit({ start: fn.s, end: fn.e, kind: 'function', line: fn.line });
        this.fnBodies.push(this.depth);
      }
    }
    this.tagKw = null;
    this.depth++;
    this.pd = 0;
  }

  /** `}`: leaves a body (an enum's, a function's) or an `extern "C"` block. */
  private close(): void {
    this.pd = 0;
    if (this.depth === 0) {
      if (this.externC > 0) this.externC--;
      this.stmt = [];
      return;
    }
    this.depth--;
    const { enumDepths, fnBodies } = this;
    if (enumDepths.length && enumDepths[enumDepths.length - 1] === this.depth + 1) {
      enumDepths.pop();
      this.expectConst = false;
    }
    if (fnBodies.length && fnBodies[fnBodies.length - 1] === this.depth) {
      fnBodies.pop();
      this.stmt = [];
    }
    this.tagKw = null;
  }

  directive(name: string, ms: number, me: number, line: number): void {
    if (name === 'define' && ms >= 0) this.emit({ start: ms, end: me, kind: 'macro', line });
    else if (name === 'if' || name === 'ifdef' || name === 'ifndef') this.ifStack.push(this.depth);
    else if (name === 'else' || name === 'elif' || name === 'elifdef' || name === 'elifndef') {
      const d = this.ifStack[this.ifStack.length - 1];
      if (d !== undefined && d !== this.depth) {
        this.depth = d;
        if (d === 0) this.stmt = [];
      }
    } else if (name === 'endif') this.ifStack.pop();
  }

  private finishStatement(toks: StmtTok[]): void {
    let i = 0;
    while (i < toks.length && toks[i]!.t === '__extension__') i++;
    if (toks[i]?.t === 'typedef') {
      for (const n of typedefNames(toks.slice(i + 1)))
        this.emit({ start: n.s, end: n.e, kind: 'typedef', line: n.line });
      return;
    }
    const fn = functionName(toks.slice(i));
    if (fn) this.emit({ start: fn.s, end: fn.e, kind: 'prototype', line: fn.line });
  }
}

/** Parse text[start, end) and report every definition. */
export function parseDefs(text: string, start: number, end: number, emit: (d: Def) => void): void {
  lexC(text, start, end, new DefParser(text, emit));
}

/**
 * A search query and its compiled form. Literal text, whole word and case folding map onto one
 * JavaScript RegExp that scans the whole corpus; see grep.ts for how matches become grep-style lines.
 *
 * Regex flavour: JavaScript (ECMAScript) syntax, close to `grep -E`/`grep -P` for everyday patterns.
 * Differences from GNU grep are documented in README.md ("Search"): `.` never matches a newline
 * (here it is rewritten to `[^\n]`, so it does match CR as grep does), POSIX classes such as
 * `[[:alpha:]]` and back-references across alternations follow JavaScript rules.
 */
import { khiError, type KhiError } from '../errors';
import { toCorpusAlphabet } from './corpus';

export interface SearchQuery {
  pattern: string;
  /** literal: the pattern is plain text (`grep -F`); regex: a JavaScript regular expression. */
  mode: 'literal' | 'regex';
  ignoreCase: boolean;
  /** Whole word, as `grep -w`: not preceded or followed by a letter, digit or underscore. */
  word: boolean;
  /** Path filter globs (see glob.ts); '' for every file. */
  paths: string;
}

export const defaultQuery = (pattern: string): SearchQuery => ({
  pattern,
  mode: 'literal',
  ignoreCase: false,
  word: false,
  paths: '',
});

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Rewrites every unescaped `.` outside a bracket class to `[^\n]` (grep's `.` within a line). */
export function dotToLineDot(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // `[]abc]` and `[^]abc]`: a leading `]` is literal in POSIX, but JavaScript ends the class; keep JS rules.
    } else out += c === '.' ? '[^\\n]' : c;
  }
  return out;
}

export type Compiled = { ok: true; scan: RegExp; line: RegExp } | { ok: false; error: KhiError };

/**
 * `scan` runs over the whole corpus (global + multiline: ^ and $ at line ends); `line` finds every
 * match within one line (global). Both share one source.
 */
export function compileQuery(q: SearchQuery): Compiled {
  let src = q.mode === 'literal' ? escapeRegExp(toCorpusAlphabet(q.pattern)) : q.pattern;
  if (q.mode === 'regex') src = dotToLineDot(toCorpusAlphabet(src));
  if (q.word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
  const flags = q.ignoreCase ? 'i' : '';
  try {
    return { ok: true, scan: new RegExp(src, `gm${flags}`), line: new RegExp(src, `g${flags}`) };
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, error: khiError('usage', `Not a valid regular expression: ${why}`) };
  }
}

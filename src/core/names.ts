/**
 * The one name policy: how a name (or any text taken from the input) is shown to a person.
 * Characters that a terminal or a text renderer would act on instead of showing are replaced by
 * visible escape tokens: C0 controls, DEL and C1 controls as `\xNN`, bidi controls (which can
 * reorder what follows, e.g. U+202E makes "txt.\u202Egpj.h" look like "txt.h.jpg") and the
 * Unicode line/paragraph separators as `\uXXXX`. Every surface uses this: the UI (structured
 * parts, escapes styled apart, names in a bidi isolate), the CLI text report, `--list`, errors.
 */

/** C0, DEL, C1; ALM; LRM/RLM; LS/PS; LRE..RLO; LRI..PDI. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** The same set plus the backslash, for the plain-text form where `\` must stay unambiguous. */
const UNSAFE_OR_BACKSLASH = new RegExp(`${UNSAFE.source.slice(0, -1)}\\\\]`, 'g');

/** The escape token for one unsafe character: `\x1b`, `\u202E`. */
export function escapeToken(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff
    ? `\\x${c.toString(16).padStart(2, '0')}`
    : `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True when the text holds a character the display policy escapes. */
export function hasUnsafeChars(text: string): boolean {
  return UNSAFE.test(text);
}

/** One piece of a displayed name: literal text, or the visible token for an escaped character. */
interface NamePart {
  text: string;
  escaped: boolean;
}

/** The structured form for the UI: literal runs and escape tokens, in order (joined = displayed). */
export function nameParts(text: string): NamePart[] {
  return partsBy(text, UNSAFE, UNSAFE_ALL);
}

/**
 * File contents in the viewers: the same policy as names, except that a tab is layout,
 * and so is the CR of a CRLF line end. A bidi control in code can make it read unlike it compiles
 * ("Trojan Source", CVE-2021-42574), so it is shown as its token, never acted on.
 */
const CONTENT_UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTENT_UNSAFE_ALL = new RegExp(CONTENT_UNSAFE.source, 'g');

/** `text` is one line or a piece of one; `lineEnd`: the piece ends its line (a final CR is layout). */
export function contentParts(text: string, lineEnd = true): NamePart[] {
  if (lineEnd && text.endsWith('\r')) {
    const parts = partsBy(text.slice(0, -1), CONTENT_UNSAFE, CONTENT_UNSAFE_ALL);
    parts.push({ text: '\r', escaped: false });
    return parts;
  }
  return partsBy(text, CONTENT_UNSAFE, CONTENT_UNSAFE_ALL);
}

/** Bidi controls (and ALM, LRM, RLM) in a text: what the viewer warns about. */
export function countBidiControls(text: string): number {
  return text.match(BIDI_ALL)?.length ?? 0;
}
const BIDI_ALL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function partsBy(text: string, one: RegExp, all: RegExp): NamePart[] {
  if (!one.test(text)) return [{ text, escaped: false }];
  const parts: NamePart[] = [];
  let last = 0;
  for (const m of text.matchAll(all)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), escaped: false });
    parts.push({ text: escapeToken(m[0]), escaped: true });
    last = m.index + 1;
  }
  if (last < text.length) parts.push({ text: text.slice(last), escaped: false });
  return parts;
}

/**
 * The plain-text form for terminals and titles: every unsafe character as its token and a literal
 * backslash doubled (`\\`), so the output holds no control character and reads back unambiguously.
 */
export function displayText(text: string): string {
  return text.replace(UNSAFE_OR_BACKSLASH, (ch) => (ch === '\\' ? '\\\\' : escapeToken(ch)));
}

/** Like displayText, but only when there is something to escape (UI titles, where `\` is common). */
export function displayName(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeToken) : text;
}

/** The unsafe set without C0: JSON.stringify escapes C0 inside strings, and outside them C0 is layout. */
const UNSAFE_ABOVE_C0 = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from JSON.stringify) with DEL, C1 and bidi characters written as `\uXXXX` escapes:
 * the same value once parsed, but nothing a terminal acts on. Outside strings JSON holds only
 * ASCII structure and whitespace, so this never changes meaning.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_ABOVE_C0, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Kernel .config text: parse it (IKCONFIG, /proc/config.gz, /boot/config-*), or rebuild it from
 * include/generated/autoconf.h for archives of kernels built without IKCONFIG.
 */

export interface ConfigEntry {
  /** Full symbol name, e.g. "CONFIG_EXT4_FS". */
  name: string;
  /** The raw value: "y", "m", "512", "0x1000000", "\"quoted string\"" ("n" for not-set lines). */
  value: string;
  /** From a "# CONFIG_X is not set" line. */
  notSet?: boolean;
}

interface ParsedConfig {
  /** Lines `CONFIG_X=value` (what ConfigSummary.options counts). */
  options: number;
  entries: ConfigEntry[];
  /** "Linux/x86 6.1.192 Kernel Configuration" from the header comment, or null. */
  title: string | null;
}

const NOT_SET = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/;
const TITLE = /^#\s*(Linux\b.*(?:Kernel Configuration|kernel version:.*))\s*$/;

export function parseConfig(text: string): ParsedConfig {
  const entries: ConfigEntry[] = [];
  let options = 0;
  let title: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('CONFIG_')) {
      const end = symbolEnd(line, 0);
      if (end > 0 && line.charCodeAt(end) === 0x3d && !hasLineBreak(line, end + 1)) {
        options++;
        entries.push({ name: line.slice(0, end), value: line.slice(end + 1) });
      }
    } else if (line.startsWith('#')) {
      const m = NOT_SET.exec(line);
      if (m) entries.push({ name: m[1]!, value: 'n', notSet: true });
      else if (title === null) title = TITLE.exec(line)?.[1] ?? null;
    }
  }
  return { options, entries, title };
}

/*
 * Lines are read by hand or by one global regular expression, never by one regular expression per
 * line: a fresh worker runs a regular expression in V8's bytecode interpreter first, and
 * /^#define[ \t]+(CONFIG_\w+)[ \t]+(.*?)[ \t]*$/ once per line of the 6,445 lines of an autoconf.h
 * took ~60 ms there. DEFINE_LINE below runs once over the whole text, so V8 compiles it after its
 * first match.
 */

/** End of the symbol `CONFIG_[A-Za-z0-9_]+` that starts at `at`, or -1. */
function symbolEnd(s: string, at: number): number {
  if (!s.startsWith('CONFIG_', at)) return -1;
  let i = at + 7;
  while (i < s.length && isWordChar(s.charCodeAt(i))) i++;
  return i > at + 7 ? i : -1;
}

const isWordChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/** A line break `.` in a regular expression would not match (\r, U+2028, U+2029) from `at` on. */
function hasLineBreak(s: string, at: number): boolean {
  for (let i = at; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0d || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/**
 * `#define CONFIG_X value` at the start of a "\n"-separated line (the text is searched with a "\n"
 * put in front): the name, and the rest of the line after the blanks that follow it.
 */
const DEFINE_LINE = /\n#define[ \t]+(CONFIG_\w+)[ \t]+([^\n]*)/g;

/** name → value of every `#define CONFIG_X value` line (one "\r" line end and blanks around the value dropped). */
function defines(text: string): Map<string, string> {
  const defs = new Map<string, string>();
  for (const m of ('\n' + text).matchAll(DEFINE_LINE)) {
    let v = m[2]!;
    let w = v.length;
    if (v.charCodeAt(w - 1) === 0x0d) w--;
    while (w > 0 && isBlank(v.charCodeAt(w - 1))) w--;
    if (w < v.length) v = v.slice(0, w);
    if (!hasLineBreak(v, 0)) defs.set(m[1]!, v);
  }
  return defs;
}

/**
 * Turn autoconf.h into .config-style text: `#define CONFIG_X 1` → `CONFIG_X=y`,
 * `#define CONFIG_X_MODULE 1` → `CONFIG_X=m`, numbers and hex as they are, strings kept quoted
 * (autoconf.h and .config escape strings the same way). Sorted by name: the .config order is not
 * recoverable. Limits: an int/hex option whose value is 1 comes out as `=y`, and "is not set"
 * lines cannot be rebuilt (autoconf.h omits them). `title`, e.g. "Linux/x86 6.1.192 Kernel
 * Configuration", goes into the header comment where parseConfig finds it.
 */
export function configFromAutoconf(text: string, title?: string): string {
  return rebuiltFromAutoconf(text, title).text;
}

/**
 * configFromAutoconf's text and its `options`: the lines parseConfig counts (every symbol, except
 * what a bare `CONFIG__MODULE` or `CONFIG_MODULE` turns into), without parsing the text again.
 */
export function rebuiltFromAutoconf(text: string, title?: string): { text: string; options: number } {
  const defs = defines(text);
  const out = new Map<string, string>();
  for (const [name, value] of defs) {
    // A tristate set to m appears only as CONFIG_X_MODULE; a symbol really named X_MODULE has
    // no way to be told apart, except that its base name CONFIG_X would then be defined too.
    if (name.endsWith('_MODULE') && value === '1' && !defs.has(name.slice(0, -7)))
      out.set(name.slice(0, -7), 'm');
    else if (!out.has(name)) out.set(name, value === '1' ? 'y' : value);
  }
  const names = [...out.keys()].sort();
  let options = 0;
  for (const n of names) if (symbolEnd(n, 0) === n.length) options++;
  const rebuilt =
    '#\n' +
    (title ? `# ${title}\n#\n` : '') +
    '# Rebuilt from include/generated/autoconf.h (no IKCONFIG in this kernel):\n' +
    '# "is not set" lines and the original order are not recoverable.\n#\n' +
    names.map((n) => `${n}=${out.get(n)}`).join('\n') +
    '\n';
  return { text: rebuilt, options };
}

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

export interface ParsedConfig {
  /** Lines `CONFIG_X=value` (what ConfigSummary.options counts). */
  options: number;
  entries: ConfigEntry[];
  /** "Linux/x86 6.1.192 Kernel Configuration" from the header comment, or null. */
  title: string | null;
}

const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/;
const TITLE = /^#\s*(Linux\b.*(?:Kernel Configuration|kernel version:.*))\s*$/;

export function parseConfig(text: string): ParsedConfig {
  const entries: ConfigEntry[] = [];
  let options = 0;
  let title: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('CONFIG_')) {
      const m = SET.exec(line);
      if (m) {
        options++;
        entries.push({ name: m[1]!, value: m[2]! });
      }
    } else if (line.startsWith('#')) {
      const m = NOT_SET.exec(line);
      if (m) entries.push({ name: m[1]!, value: 'n', notSet: true });
      else if (title === null) title = TITLE.exec(line)?.[1] ?? null;
    }
  }
  return { options, entries, title };
}

const DEFINE = /^#define[ \t]+(CONFIG_[A-Za-z0-9_]+)[ \t]+(.*?)[ \t]*$/;

/**
 * Turn autoconf.h into .config-style text: `#define CONFIG_X 1` → `CONFIG_X=y`,
 * `#define CONFIG_X_MODULE 1` → `CONFIG_X=m`, numbers and hex as they are, strings kept quoted
 * (autoconf.h and .config escape strings the same way). Sorted by name: the .config order is not
 * recoverable. Limits: an int/hex option whose value is 1 comes out as `=y`, and "is not set"
 * lines cannot be rebuilt (autoconf.h omits them). `title`, e.g. "Linux/x86 6.1.192 Kernel
 * Configuration", goes into the header comment where parseConfig finds it.
 */
export function configFromAutoconf(text: string, title?: string): string {
  const defs = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const m = DEFINE.exec(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (m) defs.set(m[1]!, m[2]!);
  }
  const out = new Map<string, string>();
  for (const [name, value] of defs) {
    // A tristate set to m appears only as CONFIG_X_MODULE; a symbol really named X_MODULE has
    // no way to be told apart, except that its base name CONFIG_X would then be defined too.
    if (name.endsWith('_MODULE') && value === '1' && !defs.has(name.slice(0, -7)))
      out.set(name.slice(0, -7), 'm');
    else if (!out.has(name)) out.set(name, value === '1' ? 'y' : value);
  }
  const names = [...out.keys()].sort();
  return (
    '#\n' +
    (title ? `# ${title}\n#\n` : '') +
    '# Rebuilt from include/generated/autoconf.h (no IKCONFIG in this kernel):\n' +
    '# "is not set" lines and the original order are not recoverable.\n#\n' +
    names.map((n) => `${n}=${out.get(n)}`).join('\n') +
    '\n'
  );
}

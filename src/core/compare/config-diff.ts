/**
 * Config diff: which options were added, removed or changed (old value → new value) between two
 * kernel configs (IKCONFIG text or the .config rebuilt from autoconf.h; see ../config.ts).
 * "# CONFIG_X is not set" counts as absent, so an IKCONFIG side and an autoconf side (which has
 * no "not set" lines) compare on what is really enabled.
 */
import { parseConfig } from '../config';

export interface ConfigChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  /** The value on each side; null when absent or not set. */
  old: string | null;
  new: string | null;
}

export interface ConfigDiff {
  changes: ConfigChange[];
  added: number;
  removed: number;
  changed: number;
  /** Options set on both sides with the same value. */
  same: number;
}

function setOptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of parseConfig(text).entries) {
    if (e.notSet) out.delete(e.name);
    else out.set(e.name, e.value);
  }
  return out;
}

/** Changes sorted by option name. */
export function diffConfigs(oldText: string, newText: string): ConfigDiff {
  const a = setOptions(oldText);
  const b = setOptions(newText);
  const changes: ConfigChange[] = [];
  let same = 0;
  for (const [name, v] of a) {
    const w = b.get(name);
    if (w === undefined) changes.push({ name, kind: 'removed', old: v, new: null });
    else if (w !== v) changes.push({ name, kind: 'changed', old: v, new: w });
    else same++;
  }
  for (const [name, w] of b) if (!a.has(name)) changes.push({ name, kind: 'added', old: null, new: w });
  changes.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const count = (k: ConfigChange['kind']): number => changes.filter((c) => c.kind === k).length;
  return { changes, added: count('added'), removed: count('removed'), changed: count('changed'), same };
}

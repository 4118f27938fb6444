/**
 * Path filter globs for search: `include/linux/**`, `arch/*\/include/asm/*.h`, several separated by
 * commas or spaces. `**` crosses folders, `*` and `?` stay inside one, `{a,b}` is not supported
 * (a comma separates globs). A glob without a `/` matches the file name in any folder (like
 * `grep --include`); a glob ending in `/` matches everything below that folder.
 */

function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `**/` also matches zero folders.
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** A predicate over archive paths; null when the filter is empty (everything matches). */
export function pathFilter(spec: string): ((path: string) => boolean) | null {
  const globs = spec
    .split(/[,\s]+/)
    .map((g) => g.replace(/^\.?\/+/, ''))
    .filter((g) => g !== '');
  if (globs.length === 0) return null;
  const parts = globs.map((g) => {
    if (g.endsWith('/')) g += '**';
    const src = globSource(g);
    return g.includes('/') ? src : `(?:.*/)?${src}`;
  });
  const re = new RegExp(`^(?:${parts.join('|')})$`);
  return (path) => re.test(path);
}

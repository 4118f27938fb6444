/**
 * What an extraction left on disk, for the --extract tests (extract.test.ts, extract-stream.test.ts):
 * a comparable snapshot of a tree, GNU tar's tree for the same tar, and whatever escaped the folder.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every path under `dir` (and `dir` itself as "."): type, mode, mtime, link target, content. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string): void => {
    const st = lstatSync(p);
    const rel = relative(dir, p) || '.';
    const mode = (st.mode & 0o7777).toString(8);
    const mtime = Math.floor(st.mtimeMs / 1000);
    if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)} ${mtime}`;
    else if (st.isFile()) out[rel] = `file ${mode} ${mtime} ${readFileSync(p).toString('base64')}`;
    else if (st.isDirectory()) {
      out[rel] = `dir ${mode} ${mtime}`;
      for (const c of readdirSync(p)) walk(join(p, c));
    } else out[rel] = 'other';
  };
  walk(dir);
  return out;
}

/** GNU tar's `-xpf` of `tar` into the new folder `ref`. */
export function gnuTar(tar: Uint8Array, ref: string): string {
  mkdirSync(ref);
  execFileSync('tar', ['-xpf', '-', '-C', ref], { input: tar });
  return ref;
}

/** Everything under `root` that is outside `dir`, and links in `dir` that resolve outside it. */
export function escapes(root: string, dir: string): { outside: string[]; badLinks: string[] } {
  const outside: string[] = [];
  const badLinks: string[] = [];
  const inside = (p: string): boolean => p === dir || p.startsWith(dir + sep);
  const walk = (p: string): void => {
    for (const c of readdirSync(p)) {
      const q = join(p, c);
      if (!inside(q) && !dir.startsWith(q + sep)) outside.push(relative(root, q));
      const st = lstatSync(q);
      if (st.isSymbolicLink()) {
        let real: string | null = null;
        try {
          real = realpathSync(q);
        } catch {
          /* dangling: resolves nowhere */
        }
        if (real !== null && !inside(real)) badLinks.push(relative(dir, q));
      } else if (st.isDirectory()) walk(q);
    }
  };
  walk(root);
  return { outside, badLinks };
}

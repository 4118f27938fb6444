/**
 * The line diff against GNU `diff -u`, byte for byte on the hunks: seeded edits of C-like text
 * (small and large, repeated lines, blank runs, missing final newline), and edge cases.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffLines, hunks, splitLines } from './line-diff';
import { unifiedBytes } from './unified';

const dir = mkdtempSync(join(tmpdir(), 'khi-linediff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const enc = new TextEncoder();

function gnu(a: string, b: string): string {
  writeFileSync(join(dir, 'a'), a);
  writeFileSync(join(dir, 'b'), b);
  const r = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  // Drop the "--- a\t<date>" and "+++ b\t<date>" lines.
  return r.stdout.toString('latin1').split('\n').slice(2).join('\n');
}

function ours(a: string, b: string): string {
  const la = splitLines(enc.encode(a));
  const lb = splitLines(enc.encode(b));
  const script = diffLines(la, lb);
  return Buffer.from(unifiedBytes(la, lb, hunks(script, la.count, lb.count))).toString('latin1');
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['{', '}', '', '\tint x;', '#endif', ' */', '\treturn 0;', '#define A 1', 'struct s {'];

function textFrom(r: () => number, n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    r() < 0.5 ? VOCAB[Math.floor(r() * VOCAB.length)]! : `line ${i} ${Math.floor(r() * 50)}`,
  );
}

function mutate(r: () => number, lines: string[], edits: number): string[] {
  const out = [...lines];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (out.length + 1));
    const kind = r();
    if (kind < 0.35) out.splice(at, 1 + Math.floor(r() * 3));
    else if (kind < 0.7) out.splice(at, 0, ...textFrom(r, 1 + Math.floor(r() * 4)));
    else out.splice(at, 1, `changed ${e}`);
  }
  return out;
}

describe('line diff = diff -u', () => {
  it.each([
    ['empty → text', '', 'a\nb\n'],
    ['text → empty', 'a\nb\n', ''],
    ['equal', 'a\nb\n', 'a\nb\n'],
    ['no final newline added', 'a\nb', 'a\nb\n'],
    ['no final newline both, changed', 'a\nb\nc', 'a\nx\nc'],
    ['insert at top', 'b\nc\nd\ne\nf\n', 'a\nb\nc\nd\ne\nf\n'],
    ['sliding blank run', 'x\n\n\ny\n', 'x\n\n\n\ny\n'],
    ['repeated braces', '{\n}\n{\n}\n', '{\n}\n{\n}\n{\n}\n'],
  ])('%s', (_name, a, b) => {
    expect(ours(a, b)).toBe(gnu(a, b));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('seeded edits #%i', (seed) => {
    const r = rng(seed);
    const a = textFrom(r, 30 + Math.floor(r() * 400));
    const b = mutate(r, a, 1 + Math.floor(r() * 25));
    const nl = r() < 0.8 ? '\n' : '';
    expect(ours(a.join('\n') + nl, b.join('\n') + '\n')).toBe(gnu(a.join('\n') + nl, b.join('\n') + '\n'));
  });

  // Blank lines that occur more than a few times are set aside only in some runs; which ones depends
  // on counting over exactly GNU's window (the changes plus 3 lines of common head and tail).
  it.each([21, 22, 23, 24, 25, 26, 27, 28])('blank-heavy generated header #%i', (seed) => {
    const r = rng(seed);
    const a = Array.from({ length: 90 }, (_, i) =>
      r() < 0.3 ? '' : `#define SYM_${i} ${Math.floor(r() * 99)} `,
    );
    const b = a.filter(() => r() < 0.8).map((l) => (l && r() < 0.1 ? `${l}x` : l));
    expect(ours(a.join('\n') + '\n', b.join('\n') + '\n')).toBe(
      gnu(a.join('\n') + '\n', b.join('\n') + '\n'),
    );
  });

  it('a heavily rewritten 6,000-line file (the too-expensive cut-off)', () => {
    const r = rng(99);
    const a = textFrom(r, 6000);
    const b = mutate(r, a, 1500);
    expect(ours(a.join('\n') + '\n', b.join('\n') + '\n')).toBe(
      gnu(a.join('\n') + '\n', b.join('\n') + '\n'),
    );
  });
});

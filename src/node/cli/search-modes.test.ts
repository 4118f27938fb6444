/**
 * The CLI's --grep against GNU grep over the extracted fixture, byte for byte, and --def.
 * Order: ours is files by path (byte order); `grep -Hn … FILES` in that same order must print the
 * identical bytes, and `grep -rn` (directory order) must print the same set of lines.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchFixture } from '../../../test/kit/search';
import { runCli } from './main';

let dir = '';
let files: string[] = [];
const env = { ...process.env, LC_ALL: 'C' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'khi-grep-'));
  execFileSync('tar', ['-xJf', searchFixture, '-C', dir]);
  files = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, env })
    .toString()
    .trim()
    .split('\n')
    .map((p) => p.replace(/^\.\//, ''))
    .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI dispatcher in-process (the built binary is covered by report-modes.test.ts). */
async function cli(args: string[]): Promise<{ code: number; out: Buffer; err: string }> {
  const chunks: Buffer[] = [];
  let err = '';
  const code = await runCli(args, {
    out: async (c) => void chunks.push(Buffer.from(c)),
    warn: (m) => void (err += m + '\n'),
  });
  return { code, out: Buffer.concat(chunks), err };
}

async function ours(args: string[]): Promise<{ code: number; out: Buffer }> {
  const { code, out } = await cli([...args, searchFixture]);
  return { code, out };
}

function grep(args: string[], targets: string[]): { code: number; out: Buffer } {
  const r = spawnSync('grep', [...args, '--', ...targets], { cwd: dir, env });
  return { code: r.status ?? 2, out: r.stdout };
}

const sortLines = (b: Buffer): string[] => b.toString('latin1').split('\n').filter(Boolean).sort();

const cases: [string, string[], string[]][] = [
  // [name, our flags, grep flags]
  ['literal', ['--grep', 'task_struct', '--fixed'], ['-F', '-e', 'task_struct']],
  [
    'literal with regex characters',
    ['--grep', 'pid->numbers[0].nr', '--fixed'],
    ['-F', '-e', 'pid->numbers[0].nr'],
  ],
  ['whole word', ['--grep', 'pid_t', '--fixed', '--word'], ['-F', '-w', '-e', 'pid_t']],
  ['ignore case', ['--grep', 'TASK_struct', '--fixed', '--ignore-case'], ['-F', '-i', '-e', 'TASK_struct']],
  ['regex alternation', ['--grep', '^#define\\s+(MAX|MIN)_'], ['-E', '-e', '^#define\\s+(MAX|MIN)_']],
  ['regex dot and end anchor', ['--grep', 'struct .*\\(void\\)$'], ['-E', '-e', 'struct .*\\(void\\)$']],
  ['regex repetition', ['--grep', 'f{20,}'], ['-E', '-e', 'f{20,}']],
  ['regex word', ['--grep', 'TASK_[A-Z]+', '--word'], ['-E', '-w', '-e', 'TASK_[A-Z]+']],
  ['blank lines', ['--grep', '^$'], ['-E', '-e', '^$']],
  ['tabs and continuations', ['--grep', '\\\\$'], ['-E', '-e', '\\\\$']],
];

describe('inspect --grep is grep -rn over the extracted archive', () => {
  for (const [name, our, theirs] of cases) {
    it(name, async () => {
      const a = await ours(our);
      const b = grep(['-Hn', ...theirs], files);
      expect(a.out.length).toBeGreaterThan(0);
      expect(a.out.equals(b.out)).toBe(true);
      expect(a.code).toBe(b.code);
      // grep -rn walks directory order: the same lines, in another order.
      const r = spawnSync('grep', ['-rn', ...theirs], { cwd: dir, env });
      expect(sortLines(a.out)).toEqual(sortLines(r.stdout));
    });
  }

  it('a path filter equals grep -rn over that folder', async () => {
    const a = await ours(['--grep', 'struct', '--fixed', '--path', 'include/linux/**']);
    const r = spawnSync('grep', ['-rn', '-F', '-e', 'struct', 'include/linux'], { cwd: dir, env });
    expect(sortLines(a.out)).toEqual(sortLines(r.stdout));
    expect(sortLines(a.out).length).toBeGreaterThan(10);
  });

  it('no match exits 1 with no output; a bad regex or a missing FILE exits 2', async () => {
    const none = await ours(['--grep', 'no_such_symbol_anywhere', '--fixed']);
    expect(none).toEqual({ code: 1, out: Buffer.alloc(0) });
    expect(grep(['-rn', '-F', '-e', 'no_such_symbol_anywhere'], ['.']).code).toBe(1);
    expect((await ours(['--grep', '(unclosed'])).code).toBe(2);
    expect((await cli(['--grep', 'x', join(dir, 'missing')])).code).toBe(2);
    const misuse = await cli(['--fixed', searchFixture]);
    expect(misuse.code).toBe(2);
    expect(misuse.err).toContain('--fixed only goes with --grep');
  });
});

describe('inspect --def', () => {
  it('prints path:line:kind for each definition', async () => {
    const t = (await ours(['--def', 'task_struct'])).out.toString();
    const line = grep(['-n', '-e', '^struct task_struct {'], ['include/linux/sched.h'])
      .out.toString()
      .split(':')[0];
    expect(t).toBe(`include/linux/sched.h:${line}:struct\n`);
    const cur = (await ours(['--def', 'current'])).out.toString().trim().split('\n');
    expect(cur.map((l) => l.replace(/:\d+:/, ':'))).toEqual([
      'arch/x86/include/asm/current.h:macro',
      'include/asm-generic/current.h:macro',
    ]);
    expect(await ours(['--def', 'fake_in_comment'])).toEqual({ code: 1, out: Buffer.alloc(0) });
  });
});

import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { mutate } from './fuzz';

describe('fuzz harness', () => {
  const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('mutations are seeded: the same seed gives the same bytes', () => {
    const input = new Uint8Array(4096).map((_, i) => i & 0xff);
    const other = new Uint8Array(1024).fill(7);
    expect(mutate(input, other, 42)).toEqual(mutate(input, other, 42));
    expect(mutate(input, other, 42).bytes).not.toEqual(input);
  });

  it('a bounded slice of 300 cases over every fixture finds no failure', async () => {
    // Asynchronous, so vitest's timeout can end a harness that never returns.
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      'scripts/fuzz.ts',
      '--cases',
      '300',
      '--seed',
      '7',
    ]);
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/FAIL/);
    expect(stdout).toMatch(/300 cases .*: 0 failures/);
    expect(status).toBe(0);
  }, 900_000);
});

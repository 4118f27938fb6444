/**
 * FILE from a pipe: "-" and /dev/stdin read standard input to its end (adb exec-out cat … | …), a
 * named FIFO is read like one, a device is refused, and a pipe longer than the cap is an error, not
 * a full memory.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBin, type CliRun } from '../../../test/kit/cli';
import { readInput } from './read-input';

const xzPath = 'test/fixtures/e2e/kheaders.tar.xz';
const bzImage = 'test/fixtures/e2e/bzImage-fixture.bin';
let built: ReturnType<typeof buildCli>;
const cli = (args: string[], input?: Uint8Array): CliRun => runBin(built.bin, args, { input });
const box = mkdtempSync(join(tmpdir(), 'khi-pipe-'));
beforeAll(() => {
  built = buildCli();
});
afterAll(() => {
  built.dispose();
  rmSync(box, { recursive: true, force: true });
});

describe('FILE from a pipe (built CLI)', () => {
  it('"-" reads standard input: the same listing as the file', () => {
    const fromFile = cli(['--list', xzPath]);
    const piped = cli(['--list', '-'], readFileSync(xzPath));
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(fromFile.out);
  });

  it('/dev/stdin behind a shell pipe (a FIFO) works too: --config equals the file', () => {
    const piped = execFileSync('sh', [
      '-c',
      `cat ${bzImage} | "${process.execPath}" ${built.bin} --config /dev/stdin`,
    ]);
    expect(piped.toString()).toBe(cli(['--config', bzImage]).out);
    expect(piped.toString()).toContain('CONFIG_IKHEADERS=m');
  });

  it('"-" names itself in reports and layer labels', () => {
    const r = cli(['--json', '-'], readFileSync(xzPath));
    expect(JSON.parse(r.out).layers[0].label).toBe('stdin');
    expect(cli(['-', xzPath], readFileSync(xzPath)).out).toContain('==> - <==');
  });

  it('a device is refused with exit 2 and a reason', () => {
    const r = cli(['/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/dev/zero is not a regular file or a pipe');
  });
});

describe('readInput: a named FIFO', () => {
  it('is read to its end', () => {
    const fifo = join(box, 'a');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat ${xzPath} > ${fifo}`]);
    const { bytes, name } = readInput(fifo);
    expect(name).toBe('a');
    expect(Buffer.from(bytes).equals(readFileSync(xzPath))).toBe(true);
    writer.kill();
  });

  it('longer than the cap: an error naming the cap, after reading no more than cap + 1 bytes', () => {
    const fifo = join(box, 'b');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `head -c 100000 /dev/zero > ${fifo}`]);
    expect(() => readInput(fifo, 4096)).toThrow(/holds more than 4,096 bytes/);
    writer.kill();
  });
});

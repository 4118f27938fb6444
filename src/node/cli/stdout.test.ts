/**
 * stdout written with fs.writeSync (stdout.ts), through the built CLI: a reader that goes away, and
 * a pipe that another process left non-blocking (EAGAIN), where the rest goes through process.stdout.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../test/kit/cli';

const archive = 'test/fixtures/e2e/kheaders.tar.xz';
const tar = execFileSync('xz', ['-dc', archive], { maxBuffer: 1 << 28 });
let built: ReturnType<typeof buildCli>;
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.dispose());

describe('stdout', () => {
  it('a reader that stops early (`| head`): exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [built.bin, '--tar', archive], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('a pipe that a sibling process made non-blocking, read slowly: every byte, in order', () => {
    expect(tar.length).toBeGreaterThan(1 << 16); // more than a pipe holds: the writer meets EAGAIN
    // The sibling's process.stdout sets O_NONBLOCK on the pipe they share (it stays set while the
    // sibling lives); it says so through a FIFO before the CLI starts.
    const sibling =
      "process.stdout.write(''); require('fs').writeFileSync(process.argv[1], 'ready'); setTimeout(() => {}, 20000);";
    const script =
      'fifo=$(mktemp -u) && mkfifo "$fifo" || exit 9\n' +
      '{ node -e "$0" "$fifo" & head -c 5 "$fifo" >/dev/null; node "$1" --tar "$2"; s=$?; kill $!; exit $s; } | (sleep 0.3; cat)\n';
    const got = execFileSync('sh', ['-c', script, sibling, built.bin, archive], { maxBuffer: 1 << 28 });
    expect(got.equals(tar)).toBe(true);
  });
});

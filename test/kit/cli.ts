/** Build the CLI once per test file into a temp folder and run the built JavaScript (no tsx). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  bytes: Buffer;
}

export function buildCli(): { bin: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'khi-cli-'));
  execFileSync(process.execPath, ['scripts/build-cli.mjs', '--outdir', dir], { stdio: 'pipe' });
  return {
    bin: join(dir, 'kheaders-inspector.mjs'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function runBin(bin: string, args: string[], opts: { cwd?: string; input?: Uint8Array } = {}): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], {
    stdio: 'pipe',
    cwd: opts.cwd,
    input: opts.input,
    maxBuffer: 1 << 30,
  });
  const bytes = r.stdout ?? Buffer.alloc(0);
  return { code: r.status ?? -1, out: bytes.toString('utf8'), err: (r.stderr ?? '').toString('utf8'), bytes };
}

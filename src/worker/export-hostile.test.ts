/**
 * The export of every hostile fixture, extracted with Python's tarfile (no filter, and
 * filter='data') and with GNU tar into an empty folder deep inside a sandbox: nothing may appear
 * outside that folder, and no symlink in it may point outside.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspect } from '../core/inspect';
import { bytesSource } from '../core/source';
import { exportFolder } from './export-tar';

const dir = 'test/fixtures/hostile';
const sandbox = mkdtempSync(join(tmpdir(), 'khi-export-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** Extract `tar` into <box>/a/b/c/d/e/out with one tool; return what lies outside `out` and bad links. */
const CHECK = String.raw`
import os, sys, tarfile
tar, box, tool = sys.argv[1:4]
out = os.path.join(box, 'a/b/c/d/e/out')
os.makedirs(out)
errors = []
if tool == 'gnu':
    import subprocess
    r = subprocess.run(['tar', '-xf', tar, '-C', out], capture_output=True)
    if r.returncode: errors.append(r.stderr.decode(errors='replace')[:300])
else:
    with tarfile.open(tar) as t:
        for m in t.getmembers():
            try:
                if tool == 'data': t.extract(m, out, filter='data')
                else: t.extract(m, out)
            except Exception as e:
                errors.append(repr(e)[:200])
outside, badlinks = [], []
for root, dirs, files in os.walk(box):
    for n in dirs + files:
        p = os.path.join(root, n)
        if not (p == out or p.startswith(out + os.sep) or out.startswith(p + os.sep)):
            outside.append(os.path.relpath(p, box))
        if os.path.islink(p):
            real = os.path.realpath(p)
            if not (real == out or real.startswith(out + os.sep)): badlinks.append(os.path.relpath(p, out))
import json
print(json.dumps({'outside': outside, 'badlinks': badlinks, 'errors': errors}))
`;

interface Outcome {
  outside: string[];
  badlinks: string[];
  errors: string[];
}

function extract(tarPath: string, tool: string): Outcome {
  const box = mkdtempSync(join(sandbox, `${tool}-`));
  const r = spawnSync('python3', ['-c', CHECK, tarPath, box, tool], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Outcome;
}

async function exported(fixture: string, folder: string) {
  const ins = await inspect(bytesSource(new Uint8Array(readFileSync(join(dir, fixture))), fixture));
  const { tar, skipped } = exportFolder(ins.result.entries, ins.tar!, folder);
  const path = join(sandbox, `${fixture}-${folder.replace(/\//g, '_') || 'all'}.tar`);
  writeFileSync(path, tar);
  return { path, skipped: skipped.map((s) => s.path), entries: ins.result.entries };
}

describe('hostile exports extract inside their folder', () => {
  mkdirSync(sandbox, { recursive: true });
  const cases: [string, string][] = [
    ['names.tar.xz', ''],
    ['names.tar.xz', 'include'],
    ['deep.tar.xz', ''],
    ['size-past-end.tar', ''],
    ['size-huge.tar', ''],
    ['size-pax.tar', ''],
  ];
  for (const [fixture, folder] of cases)
    for (const tool of ['python', 'data', 'gnu'])
      it(`${fixture} (${folder || 'everything'}) with ${tool === 'gnu' ? 'GNU tar' : `Python tarfile, ${tool === 'data' ? "filter='data'" : 'no filter'}`}`, async () => {
        const { path } = await exported(fixture, folder);
        const r = extract(path, tool);
        expect(r.outside).toEqual([]);
        expect(r.badlinks).toEqual([]);
        // The deep path exceeds PATH_MAX: extraction may fail, but only inside the folder.
        if (fixture !== 'deep.tar.xz') expect(r.errors).toEqual([]);
      });

  it('names.tar.xz: skips exactly the unsafe entries and says which', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const { path, skipped, entries } = await exported('names.tar.xz', '');
    const kept = entries.map((e) => e.path).filter((p) => !skipped.includes(p));
    expect(skipped).toEqual(
      expect.arrayContaining([
        '../../etc/passwd',
        'include/../../../../tmp/evil.h',
        'include/nul\0hidden.h',
        'include/abs-link',
        'include/climb',
        'include/up2',
        'include/through',
        'include/up/via-up',
        'include/hard-out',
      ]),
    );
    expect(kept).toEqual(expect.arrayContaining(manifest['names.tar.xz'].safe));
    // GNU tar lists the written names: none absolute, with "..", or with NUL.
    const names = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const n of names) expect(n.startsWith('/') || n.split('/').includes('..')).toBe(false);
    expect(names.length).toBe(kept.length);
  });
});

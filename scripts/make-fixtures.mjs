// Regenerates every committed test fixture: runs each scripts/fixtures/*.mjs in turn.
// The fixtures are committed; this script documents and reproduces them (it needs the native tools:
// xz, gzip, zstd, lz4, lzop, bzip2, lzma, tar, python3, gcc, perl).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  console.log(`== ${f}`);
  execFileSync(process.execPath, [join(dir, f)], { stdio: 'inherit' });
}

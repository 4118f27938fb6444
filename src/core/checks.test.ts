import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checksPass, itemText, readinessChecks, verdictOf, type Check } from './checks';
import { inspect } from './inspect';
import { bytesSource } from './source';

const checksOf = async (path: string): Promise<Record<string, Check>> => {
  const i = await inspect(bytesSource(new Uint8Array(readFileSync(path)), path));
  return Object.fromEntries(readinessChecks(i.result).map((c) => [c.id, c]));
};
const dir = 'test/fixtures/checks';

describe('readiness checks', () => {
  it('ready.tar.xz passes every check (the version is not applicable: no image)', async () => {
    const c = await checksOf(`${dir}/ready.tar.xz`);
    expect([c.files!.ok, c.symlinks!.ok, c.version!.ok, c.config!.ok]).toEqual([true, true, null, true]);
    expect(Object.values(c).map(verdictOf)).toEqual(['pass', 'pass', 'warn', 'pass']);
    expect(c.symlinks!.found).toBe('The one link resolves inside the archive.');
    expect(checksPass(Object.values(c))).toBe(true);
  });

  it('missing-files.tar.xz fails the files and config checks and names the missing files', async () => {
    const c = await checksOf(`${dir}/missing-files.tar.xz`);
    expect(c.files!.ok).toBe(false);
    expect(c.files!.items).toEqual([
      { path: 'include/linux/kconfig.h' },
      { path: 'include/generated/autoconf.h' },
    ]);
    expect(c.files!.items.map(itemText)).toEqual(['include/linux/kconfig.h', 'include/generated/autoconf.h']);
    expect(c.files!.meaning).toMatch(/kconfig\.h file not found/);
    expect(c.config!.ok).toBe(false);
    expect(c.symlinks!.ok).toBe(true);
  });

  it('dangling.tar.xz fails the link check and lists each dangling link with why', async () => {
    const c = await checksOf(`${dir}/dangling.tar.xz`);
    expect(c.symlinks!.ok).toBe(false);
    expect(c.symlinks!.items[0]).toEqual({
      path: 'include/linux/bpf.h',
      target: '../../common/include/linux/bpf.h',
      why: 'missing',
    });
    expect(c.symlinks!.items.map(itemText)).toEqual([
      'include/linux/bpf.h -> ../../common/include/linux/bpf.h (missing)',
      'include/linux/gone.h -> not-there.h (missing)',
    ]);
    expect(c.files!.ok).toBe(true);
  });

  it('version-mismatch.bin: the banner and the headers name different kernels', async () => {
    const c = await checksOf(`${dir}/version-mismatch.bin`);
    expect(c.version!.ok).toBe(false);
    expect(c.version!.found).toBe('The headers say 6.1.99-khi-checks, the image banner says 6.1.100-other.');
  });

  it('the bzImage fixture: headers and banner agree; a file with nothing fails', async () => {
    const c = await checksOf('test/fixtures/e2e/bzImage-fixture.bin');
    expect(c.version!.ok).toBe(true);
    const none = await checksOf('test/fixtures/e2e/random.bin');
    expect(checksPass(Object.values(none))).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { inspect } from './inspect';
import { bytesSource } from './source';
import type * as Found from './found';

// autoconf.h parsing that throws (a defect, or input it was never meant for): configLater() must
// still answer, because the worker has already sent the tree and the page shows "…" until it does.
vi.mock('./found', async (original) => ({
  ...(await original<typeof Found>()),
  autoconfConfig: () => {
    throw new Error('made to fail');
  },
}));

describe('inspect: configLater when rebuilding the config fails', () => {
  it('returns no config and names the failure as a warning', async () => {
    const name = 'kheaders.tar.xz';
    const bytes = new Uint8Array(readFileSync(`test/fixtures/e2e/${name}`));
    const ins = await inspect(bytesSource(bytes, name), { autoconfLater: true });
    expect(ins.result.headers).not.toBeNull();
    const later = ins.configLater!();
    expect(later).toEqual({ config: null, text: null, bytes: null });
    expect(ins.result.config).toBeNull();
    const warning = ins.result.errors.find((e) => e.message.includes('autoconf.h'));
    expect(warning).toMatchObject({ code: 'internal', severity: 'warning' });
    expect(warning!.message).toContain('made to fail');
  });
});

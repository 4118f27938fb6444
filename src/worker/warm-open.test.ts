import { describe, expect, it } from 'vitest';
import { inspect } from '../core/inspect';
import { bytesSource } from '../core/source';
import { warmArchive, warmOpen } from './warm-open';

describe('warmOpen', () => {
  it('opens a kheaders-shaped archive: tree, arch, version and the config rebuilt from autoconf.h', async () => {
    const { result } = await inspect(bytesSource(warmArchive(), 'warm-up.tar'));
    expect(result.errors).toEqual([]);
    expect(result.headers?.files).toBe(40 * 50 + 2);
    expect(result.kernel.arch).toBe('warm');
    expect(result.kernel.version).toBe('0.0.0-warm');
    expect(result.config?.source).toBe('autoconf');
    expect(result.config?.options).toBe(2002);
    expect(result.configText).toContain('\nCONFIG_WARM_0=m\n');
    expect(result.configText).toContain('\nCONFIG_WARM_1=y\n');
  });

  it('encodes every node of the tree (root, 45 folders, 2,002 files, 1 link)', async () => {
    expect(await warmOpen()).toBe(1 + 45 + 2002 + 1);
  });
});

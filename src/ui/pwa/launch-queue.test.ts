import { describe, expect, it } from 'vitest';
import { firstLaunchedFile, type LaunchParams } from './launch-queue';

const fileHandle = (name: string) => ({ kind: 'file' as const, getFile: async () => new File(['x'], name) });

describe('firstLaunchedFile', () => {
  it('opens the first file of a launch, skipping folders', async () => {
    const params = {
      files: [{ kind: 'directory' as const }, fileHandle('kheaders.tar.xz'), fileHandle('vmlinuz')],
    } as unknown as LaunchParams;
    expect((await firstLaunchedFile(params))?.name).toBe('kheaders.tar.xz');
  });
  it('is null for a launch without files (the app was started from its icon)', async () => {
    expect(await firstLaunchedFile({ files: [] })).toBeNull();
  });
});

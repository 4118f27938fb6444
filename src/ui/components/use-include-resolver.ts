/** Which archive file an #include in the viewed file names (null when the archive has none). */
import { useCallback } from 'react';
import { resolveInclude } from '../../core/include-roots';
import { findNode } from '../../core/tree';
import type { TreeNode } from '../../core/types';
import { useAtom } from '../atom';
import { app } from '../state';

export function useIncludeResolver(tree: TreeNode | null, from: string) {
  const arch = useAtom(app, (s) => s.result?.headers?.arch ?? s.result?.kernel.arch ?? null);
  return useCallback(
    (target: string, quoted: boolean) =>
      resolveInclude(target, quoted, from, arch, (p) => {
        const n = tree ? findNode(tree, p) : null;
        return n !== null && n.type !== 'dir';
      }),
    [tree, arch, from],
  );
}

/** Files arrive by drop (anywhere on the window not taken by a drop target) and by paste; both feed `onFile`. */
import { useEffect } from 'react';
import { setDragging } from './actions';

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function useFileDrop(onFile: (f: File) => void): void {
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      depth = 0;
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      // A drop target on the page (the compare band) that took the file prevents the default.
      if (!f || e.defaultPrevented) return;
      e.preventDefault();
      onFile(f);
    };
    const paste = (e: ClipboardEvent): void => {
      const f = e.clipboardData?.files[0];
      if (!f) return;
      e.preventDefault();
      onFile(f);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [onFile]);
}

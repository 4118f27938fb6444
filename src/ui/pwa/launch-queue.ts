/**
 * Files the operating system hands an installed app (manifest `file_handlers` + the Launch Queue
 * API): "Open with kheaders-inspector" on a .tar.xz, .ko, boot .img, config.gz … The app shows one
 * file at a time, so the first file of a launch is opened.
 */

/** The part of the Launch Queue API used here (not yet in TypeScript's DOM types). */
export interface LaunchParams {
  readonly files: readonly Pick<FileSystemHandle, 'kind'>[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/** The first file of a launch (folders are skipped), or null. */
export async function firstLaunchedFile(params: LaunchParams): Promise<File | null> {
  for (const h of params.files) if (h.kind === 'file') return (h as FileSystemFileHandle).getFile();
  return null;
}

/** Hand every launch's file to `open`; does nothing where the API is missing. */
export function consumeLaunches(open: (file: File) => void): void {
  const queue = (window as { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer((params) => {
    firstLaunchedFile(params).then(
      (f) => f && open(f),
      (e: unknown) => console.warn('launched file could not be read:', e),
    );
  });
}

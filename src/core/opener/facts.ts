/** Kernel facts (version, banner, arch) as the opener meets them: the first one found wins. */
import { findBanner, releaseOf } from '../formats/banner/banner';
import type { KernelFacts } from '../types';
import type { Cursor } from './cursor';

/** The kernel banner ("Linux version …"), the first one found in any layer. */
export function noteBanner({ bytes, run }: Cursor): void {
  if (run.facts.banner) return;
  const banner = findBanner(bytes);
  if (banner) {
    run.facts.banner = banner;
    run.facts.version ??= releaseOf(banner);
  }
}

/** What a container's header said, where nothing was known yet. */
export function mergeFacts(into: KernelFacts, from: Partial<KernelFacts> | undefined): void {
  if (!from) return;
  // A header's version string ("6.1.0-56-amd64 (builder@host) #1 SMP …") starts with the release.
  if (!into.version && from.version) into.version = from.version.trim().split(/\s+/)[0] ?? null;
  if (!into.banner && from.banner?.startsWith('Linux version ')) into.banner = from.banner;
  if (!into.arch && from.arch) into.arch = from.arch;
}

/**
 * Panels that neither the first paint nor the header tree needs: each is its own chunk, so the
 * first-load script stays small. `preloadPanels()` fetches them while the page is idle (before a
 * file is chosen), so opening a panel later makes no request and shows no empty frame.
 */
import { type ComponentType, lazy, Suspense } from 'react';

const chunks = {
  search: () => import('./components/SearchPanel'),
  viewer: () => import('./components/FileViewer'),
  layers: () => import('./components/LayerReport'),
  config: () => import('./components/ConfigPanel'),
  compare: () => import('./components/compare/CompareView'),
  url: () => import('./components/OpenUrlDialog'),
};

/** A lazily loaded component, rendered in its own Suspense (nothing shows until its chunk is in). */
function deferred<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function Deferred(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const SearchPanel = deferred(() => chunks.search().then((m) => m.SearchPanel));
export const FileViewer = deferred(() => chunks.viewer().then((m) => m.FileViewer));
export const LayerReport = deferred(() => chunks.layers().then((m) => m.LayerReport));
export const ConfigPanel = deferred(() => chunks.config().then((m) => m.ConfigPanel));
export const CompareView = deferred(() => chunks.compare().then((m) => m.CompareView));
export const CompareSummary = deferred(() => chunks.compare().then((m) => m.CompareSummary));
export const OpenUrlDialog = deferred(() => chunks.url().then((m) => m.OpenUrlDialog));

/** Fetch and evaluate every panel chunk now (call while idle). A failure retries on first use. */
export function preloadPanels(): void {
  for (const load of Object.values(chunks)) load().catch(() => undefined);
}

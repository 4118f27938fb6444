/** Bundle entry for e2e/share-store.spec.ts: the share modules, exposed as window.Share. */
export * from '../src/ui/share/recent-store';
export * from '../src/ui/share/remote';
export * from '../src/ui/share/fingerprint';

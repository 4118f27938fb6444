/// <reference lib="webworker" />
/**
 * The search worker entry: one SearchService over the archive the UI hands it. The UI terminates
 * this worker when a search runs too long (a regular expression that backtracks without end) and
 * starts a fresh one; the main worker, which holds the open archive, is never touched.
 */
import type { FromSearch, ToSearch } from './search-protocol';
import { SearchService } from './search-service';

declare const self: DedicatedWorkerGlobalScope;

const service = new SearchService({
  post: (msg: FromSearch) => self.postMessage(msg),
  later: (fn) => setTimeout(fn, 0),
  now: () => performance.now(),
});

self.onmessage = (ev: MessageEvent<ToSearch>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'load':
      service.load(msg.archive, new Uint8Array(msg.tar), msg.files);
      break;
    case 'search':
      service.search(msg.id, msg.query, msg.cap);
      break;
    case 'lookup':
      service.lookup(msg.id, msg.name);
      break;
  }
};

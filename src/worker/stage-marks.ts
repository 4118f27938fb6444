/**
 * Timing marks of one open, taken in the worker (khi:w:* names) and sent to the page with the
 * result, where the bridge replays them on the page's timeline for npm run bench:browser.
 * Times are absolute (timeOrigin + now) because the worker and the page have different origins.
 */
import type { WorkerMark } from './protocol';

export class StageMarks {
  private readonly list: WorkerMark[] = [];
  private readonly seen = new Set<string>();

  mark(name: string): void {
    this.list.push({ name: `khi:w:${name}`, at: performance.timeOrigin + performance.now() });
  }

  /** The first time a progress stage (reading, scanning, decompressing, …) is entered. */
  stage(stage: string): void {
    if (this.seen.has(stage)) return;
    this.seen.add(stage);
    this.mark(stage);
  }

  get marks(): WorkerMark[] {
    return this.list;
  }
}

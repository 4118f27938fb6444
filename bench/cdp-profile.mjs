// CPU profiles of one open, for `npm run bench:browser -- --profile`: the page's main thread and every
// dedicated worker (the decode worker and the xz block workers it starts), sampled by V8's profiler
// over the Chrome DevTools Protocol, then cut into the open's stages (the khi:* marks) and summed by
// function. Chromium runs with --remote-debugging-port; this module opens its own WebSocket to the
// page target (playwright's CDPSession cannot talk to flattened child sessions) and auto-attaches to
// workers, recursively, so nested block workers are profiled too.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { ws: WebSocket } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle');

const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: false, flatten: true };
/** Sampling interval, µs (V8's default is 1000). */
const INTERVAL_US = 200;

export class CdpProfiler {
  static async connect(port) {
    const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const page = list.find((t) => t.type === 'page' && !t.url.startsWith('devtools:'));
    if (!page) throw new Error('no page target to profile');
    const sock = new WebSocket(page.webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      sock.once('open', resolve);
      sock.once('error', reject);
    });
    const p = new CdpProfiler(sock);
    await p.send('Target.setAutoAttach', AUTO_ATTACH);
    return p;
  }

  constructor(sock) {
    this.sock = sock;
    this.nextId = 1;
    this.pending = new Map();
    /** sessionId → { url, targetId } of each live worker. */
    this.workers = new Map();
    sock.on('message', (data) => this.onMessage(JSON.parse(String(data))));
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    this.sock.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }

  onMessage(m) {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(`${p.method}: ${m.error.message}`));
      else p?.resolve(m.result);
      return;
    }
    if (m.method === 'Target.attachedToTarget') {
      const { sessionId, targetInfo } = m.params;
      if (targetInfo.type !== 'worker') return;
      this.workers.set(sessionId, { url: targetInfo.url });
      // Block workers are started by the decode worker: attach to its children too.
      this.send('Target.setAutoAttach', AUTO_ATTACH, sessionId).catch(() => {});
    } else if (m.method === 'Target.detachedFromTarget') {
      this.workers.delete(m.params.sessionId);
    }
  }

  /** Start sampling on the page and on every worker alive now. */
  async start() {
    this.running = [];
    for (const sessionId of [undefined, ...this.workers.keys()]) {
      const label = sessionId ? workerLabel(this.workers.get(sessionId).url) : 'page';
      try {
        await this.send('Profiler.enable', {}, sessionId);
        await this.send('Profiler.setSamplingInterval', { interval: INTERVAL_US }, sessionId);
        const clock = await this.send(
          'Runtime.evaluate',
          { expression: 'performance.timeOrigin + performance.now()', returnByValue: true },
          sessionId,
        );
        await this.send('Profiler.start', {}, sessionId);
        this.running.push({ sessionId, label, epochAtStart: clock.result.value });
      } catch {
        /* a worker that went away meanwhile */
      }
    }
  }

  /** Stop sampling; one { label, profile, epochAtStart } per thread that was sampled. */
  async stop() {
    const out = [];
    for (const r of this.running) {
      try {
        const { profile } = await this.send('Profiler.stop', {}, r.sessionId);
        out.push({ ...r, profile });
      } catch {
        /* terminated (a block worker replaced after the open) */
      }
    }
    return out;
  }

  close() {
    this.sock.close();
  }
}

const workerLabel = (url) =>
  /xz-block/.test(url) ? 'block worker' : /worker/.test(url) ? 'decode worker' : url;

/** Each sample's [epoch ms, node id, duration ms] (a sample lasts until the next one). */
function timedSamples({ profile, epochAtStart }) {
  const out = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const next = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    out.push([epochAtStart + (t - profile.startTime) / 1000, profile.samples[i], next / 1000]);
  }
  return out;
}

/** "name file:line" for a node; bundled paths shortened. */
function frameName(cf) {
  if (!cf.url) return cf.functionName || '(anonymous)';
  const file = cf.url.replace(/^.*\/(assets|src)\//, '').replace(/\?.*$/, '');
  return `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`;
}

/**
 * Adds one open's threads to `acc`: per thread and window (consecutive marks), sampled ms that were
 * not idle, self time and inclusive time per function (each function once per sample).
 */
export function accumulate(acc, threads, windows) {
  for (const th of threads) {
    const byId = new Map(th.profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of th.profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (const [at, id, dur] of timedSamples(th)) {
      const w = windows.find(([, from, to]) => at >= from && at < to);
      const name = frameName(byId.get(id).callFrame);
      if (!w || name === '(idle)') continue;
      const key = `${th.label}: ${w[0]}`;
      const a = (acc[key] ??= {
        order: w[1] - windows[0][1],
        wall: 0,
        busy: 0,
        self: new Map(),
        incl: new Map(),
        walls: new Set(),
      });
      if (!a.walls.has(w)) {
        a.walls.add(w);
        a.wall += w[2] - w[1];
      }
      a.busy += dur;
      a.self.set(name, (a.self.get(name) ?? 0) + dur);
      const seen = new Set();
      for (let p = id; p !== undefined; p = parent.get(p)) {
        const f = frameName(byId.get(p).callFrame);
        if (seen.has(f) || f === '(root)') continue;
        seen.add(f);
        a.incl.set(f, (a.incl.get(f) ?? 0) + dur);
      }
    }
  }
}

/** The accumulated windows as text, ms per open (divided by `opens`), in timeline order. */
export function report(acc, opens, top = 10) {
  const lines = [];
  const per = (v) => (v / opens).toFixed(1).padStart(7);
  const rows = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([n, v]) => `${per(v)} ms  ${n}`);
  for (const [key, a] of Object.entries(acc).sort((x, y) => x[1].order - y[1].order)) {
    if (a.busy / opens < 1) continue;
    lines.push(`\n### ${key}: ${per(a.busy)} ms sampled busy of ${per(a.wall).trim()} ms wall, per open`);
    lines.push('self:', ...rows(a.self), 'inclusive:', ...rows(a.incl));
  }
  return lines.join('\n');
}

/** Save the raw profiles (open them in Chromium DevTools' Performance panel). */
export function saveProfiles(threads, prefix) {
  const files = [];
  threads.forEach((th, i) => {
    const f = `${prefix}-${i}-${th.label.replace(/\s+/g, '-')}.cpuprofile`;
    writeFileSync(f, JSON.stringify(th.profile));
    files.push(f);
  });
  return files;
}

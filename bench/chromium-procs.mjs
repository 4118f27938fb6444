// This process's Chromium processes from /proc (Linux): their CPU time and peak memory. Shared by
// bench/browser.mjs and bench/compare.mjs.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** pid and every process below it. */
export function descendants(pid) {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const k of kids.get(p) ?? []) walk(k);
  };
  walk(pid);
  return out;
}

export const procRead = (pid, what) => {
  try {
    return readFileSync(`/proc/${pid}/${what}`, 'utf8');
  } catch {
    return '';
  }
};

/** This script's Chromium processes (browser, renderer with its workers, utilities); not vite. */
export const chromiumPids = () =>
  descendants(process.pid).filter((p) => /chrom/i.test(procRead(p, 'cmdline').split('\0')[0] ?? ''));

/** user+sys ms of the processes. */
export function cpuMs(pids) {
  let t = 0;
  for (const p of pids) {
    const st = procRead(p, 'stat');
    if (!st) continue;
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    t += (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14, 15)
  }
  return t;
}

/** Minor page faults of the processes (each first touch of a fresh page is one). */
export function minorFaults(pids) {
  let n = 0;
  for (const p of pids) {
    const st = procRead(p, 'stat');
    if (st) n += Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[7]); // minflt (field 10)
  }
  return n;
}

const kbField = (status, name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);

/** Reset each process's peak RSS to its current RSS; returns the summed current RSS in bytes. */
export function resetPeaks(pids) {
  let rss = 0;
  for (const p of pids) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      /* not ours or gone */
    }
    rss += kbField(procRead(p, 'status'), 'VmRSS') * 1024;
  }
  return rss;
}

export const peakSum = (pids) => pids.reduce((a, p) => a + kbField(procRead(p, 'status'), 'VmHWM') * 1024, 0);

/** Run `bash -c SCRIPT args…` with `times` appended: wall ms and the children's user+sys ms. */
export function timed(script, args = [], opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = execFileSync('bash', ['-c', `${script}; times`, 'bash', ...args], { encoding: 'utf8', ...opts });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const last = r.trim().split('\n').pop(); // children: "0m0.288s 0m0.020s"
  const secs = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wall, cpu: (secs[0] + secs[1]) * 1000 };
}

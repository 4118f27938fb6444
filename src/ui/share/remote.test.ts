import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArchive, nameFromContentDisposition, nameFromUrl, remoteOrigin } from './remote';

const BODY = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
let server: Server;
let base = '';
/** Lets the /stall route finish once the test has aborted. */
const stalled: Array<() => void> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/files/kheaders.tar.xz':
        res.writeHead(200, { 'content-length': BODY.length, 'content-type': 'application/x-xz' });
        res.end(BODY);
        return;
      case '/chunked/download': {
        res.writeHead(200, {
          'content-disposition': `attachment; filename*=UTF-8''k%C3%A9rnel%20headers.tar.xz`,
        });
        let at = 0;
        const step = () => {
          if (at >= BODY.length) return void res.end();
          res.write(BODY.subarray(at, at + 50_000));
          at += 50_000;
          setTimeout(step, 2);
        };
        step();
        return;
      }
      case '/stall':
        res.writeHead(200, { 'content-length': BODY.length });
        res.write(BODY.subarray(0, 1000));
        stalled.push(() => res.destroy());
        return;
      case '/huge':
        res.writeHead(200, { 'content-length': 10_000_000 });
        res.end(); // never read: rejected from the header
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const f of stalled) f();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchArchive', () => {
  it('streams a body with Content-Length, reporting progress against the total', async () => {
    const progress: Array<[number, number | null]> = [];
    const r = await fetchArchive(`${base}/files/kheaders.tar.xz`, {
      onProgress: (d, t) => progress.push([d, t]),
      progressIntervalMs: 0,
    });
    if ('error' in r) throw new Error(r.error.message);
    expect(r.name).toBe('kheaders.tar.xz');
    expect(Buffer.from(r.bytes).equals(BODY)).toBe(true);
    expect(progress[0]).toEqual([0, BODY.length]);
    expect(progress.at(-1)).toEqual([BODY.length, BODY.length]);
    expect(progress.every(([, t]) => t === BODY.length)).toBe(true);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('streams a chunked body with unknown length; names it from Content-Disposition', async () => {
    const progress: Array<[number, number | null]> = [];
    const r = await fetchArchive(`${base}/chunked/download`, {
      onProgress: (d, t) => progress.push([d, t]),
      progressIntervalMs: 0,
    });
    if ('error' in r) throw new Error(r.error.message);
    expect(r.name).toBe('kérnel headers.tar.xz');
    expect(Buffer.from(r.bytes).equals(BODY)).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.slice(0, -1).every(([, t]) => t === null)).toBe(true);
    expect(progress.at(-1)).toEqual([BODY.length, BODY.length]);
  });

  it('throttles progress calls but always reports the end', async () => {
    const progress: number[] = [];
    await fetchArchive(`${base}/chunked/download`, {
      onProgress: (d) => progress.push(d),
      progressIntervalMs: 60_000,
    });
    expect(progress).toEqual([0, BODY.length]);
  });

  it('turns a 404 into an http error with the status', async () => {
    const r = await fetchArchive(`${base}/missing.tar.xz`);
    expect(r).toEqual({
      error: {
        kind: 'http',
        status: 404,
        message: `The server at ${base} has no file at this address (404 Not Found).`,
      },
    });
  });

  it('cancels mid-stream when the signal aborts', async () => {
    const ac = new AbortController();
    const r = await fetchArchive(`${base}/stall`, {
      signal: ac.signal,
      progressIntervalMs: 0,
      onProgress: (done) => {
        if (done > 0) ac.abort();
      },
    });
    expect(r).toEqual({ error: { kind: 'cancelled', message: 'Download cancelled.' } });
  });

  it('does not start when already cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await fetchArchive(`${base}/files/kheaders.tar.xz`, { signal: ac.signal })).toMatchObject({
      error: { kind: 'cancelled' },
    });
  });

  it('refuses a body over the cap, from Content-Length or while streaming', async () => {
    const fromHeader = await fetchArchive(`${base}/huge`, { maxBytes: 1_000_000 });
    expect(fromHeader).toMatchObject({ error: { kind: 'too-large' } });
    expect('error' in fromHeader && fromHeader.error.message).toContain('(9.5 MiB)');
    const streamed = await fetchArchive(`${base}/chunked/download`, { maxBytes: 120_000 });
    expect(streamed).toMatchObject({ error: { kind: 'too-large' } });
  });

  it('explains a network failure as CORS or network, naming the origin', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await fetchArchive(`http://127.0.0.1:${port}/k.tar.xz`);
    expect(r).toEqual({
      error: {
        kind: 'cors-or-network',
        message: `The server at http://127.0.0.1:${port} did not allow this page to read the file (CORS), or the network failed. Download it yourself, then drop it here.`,
      },
    });
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:,x',
    'ftp://example.org/k',
    'https://u:p@example.org/',
  ])('refuses %s without fetching', async (url) => {
    expect(await fetchArchive(url)).toMatchObject({ error: { kind: 'bad-url' } });
  });
});

describe('names and origins', () => {
  it('reads Content-Disposition forms and strips paths and control characters', () => {
    expect(nameFromContentDisposition('attachment; filename="k.tar.xz"')).toBe('k.tar.xz');
    expect(nameFromContentDisposition('attachment; filename=k.tar.xz; size=3')).toBe('k.tar.xz');
    expect(nameFromContentDisposition(`attachment; filename="x"; filename*=UTF-8''%E2%82%AC.ko`)).toBe(
      '€.ko',
    );
    expect(nameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(nameFromContentDisposition('attachment; filename="a\\"b"')).toBe('a"b');
    expect(nameFromContentDisposition('attachment; filename="a\u0007b"')).toBe('ab');
    expect(nameFromContentDisposition('attachment; filename=".."')).toBeNull();
    expect(nameFromContentDisposition('inline')).toBeNull();
    expect(nameFromContentDisposition(null)).toBeNull();
  });

  it('falls back to the last path segment of the URL', () => {
    expect(nameFromUrl('https://example.org/a/b/kheaders.tar.xz?sig=1#x')).toBe('kheaders.tar.xz');
    expect(nameFromUrl('https://example.org/a/my%20file.ko/')).toBe('my file.ko');
    expect(nameFromUrl('https://example.org/')).toBeNull();
  });

  it('shows the origin before fetching, only for URLs it would fetch', () => {
    expect(remoteOrigin('https://example.org:8443/a/k.tar.xz')).toBe('https://example.org:8443');
    expect(remoteOrigin('javascript:alert(1)')).toBeNull();
  });
});

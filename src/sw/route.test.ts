import { describe, expect, it } from 'vitest';
import { CACHE_PREFIX, precacheKey, staleCaches, type RouteRequest } from './route';

const scope = 'https://example.org/app/';
const files = new Set([
  'index.html',
  'assets/index-abc.js',
  'assets/xz-123.wasm',
  'samples/sample-kernel.bin',
]);
const get = (url: string, mode: RequestMode = 'cors'): RouteRequest => ({
  url,
  method: 'GET',
  mode,
  ranged: false,
});

describe('precacheKey', () => {
  it('answers navigations inside the scope with the app shell, whatever the query or hash', () => {
    const shell = 'https://example.org/app/index.html';
    expect(precacheKey(get(scope, 'navigate'), scope, files)).toBe(shell);
    expect(precacheKey(get(`${scope}?sample`, 'navigate'), scope, files)).toBe(shell);
    expect(
      precacheKey(get(`${scope}index.html?x=1#path=include/linux/kconfig.h`, 'navigate'), scope, files),
    ).toBe(shell);
  });
  it('answers precached assets, including the worker and the .wasm decoders', () => {
    expect(precacheKey(get(`${scope}assets/xz-123.wasm`), scope, files)).toBe(`${scope}assets/xz-123.wasm`);
    expect(precacheKey(get(`${scope}samples/sample-kernel.bin`), scope, files)).toBe(
      `${scope}samples/sample-kernel.bin`,
    );
  });
  it('leaves cross-origin downloads (src= links) to the network', () => {
    expect(precacheKey(get('https://cdn.example.com/app/assets/index-abc.js'), scope, files)).toBeNull();
    expect(precacheKey(get('https://cdn.example.com/kheaders.tar.xz', 'navigate'), scope, files)).toBeNull();
  });
  it('leaves other methods, ranges, queries, unknown paths and out-of-scope pages alone', () => {
    expect(precacheKey({ ...get(`${scope}index.html`), method: 'POST' }, scope, files)).toBeNull();
    expect(
      precacheKey({ ...get(`${scope}samples/sample-kernel.bin`), ranged: true }, scope, files),
    ).toBeNull();
    expect(precacheKey(get(`${scope}assets/index-abc.js?v=2`), scope, files)).toBeNull();
    expect(precacheKey(get(`${scope}kheaders.tar.xz`), scope, files)).toBeNull();
    expect(precacheKey(get(`${scope}docs/`, 'navigate'), scope, files)).toBeNull();
    expect(precacheKey(get('https://example.org/other/', 'navigate'), scope, files)).toBeNull();
  });
});

describe('staleCaches', () => {
  it('names the other versions of this app only', () => {
    const cur = `${CACHE_PREFIX}b`;
    expect(staleCaches([`${CACHE_PREFIX}a`, cur, 'someone-else'], cur)).toEqual([`${CACHE_PREFIX}a`]);
  });
});

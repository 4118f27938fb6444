import { describe, expect, it } from 'vitest';
import { findBanner, releaseOf } from './banner';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('kernel banner', () => {
  it('prefers the banner with a build number over the 6.1+ placeholder copy', () => {
    const b = enc(
      '\0Linux version %s\0Linux version 6.1.0-56-amd64 (x@y) (gcc) # SMP PREEMPT\n\0' +
        'Linux version 6.1.0-56-amd64 (x@y) (gcc) #1 SMP PREEMPT\n\0',
    );
    expect(findBanner(b)).toBe('Linux version 6.1.0-56-amd64 (x@y) (gcc) #1 SMP PREEMPT');
  });
  it('falls back to the first banner, and stays inside [from, to)', () => {
    const text = 'Linux version 5.4.0 (x@y) (gcc) # SMP\n';
    const b = enc(`${text}\0Linux version 9.9.9 (x@y) #2\n`);
    expect(findBanner(b, 0, text.length)).toBe(text.trim());
    expect(releaseOf(text)).toBe('5.4.0');
    expect(findBanner(enc('Linux version x'))).toBeNull();
  });
});

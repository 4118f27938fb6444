/** The guard against codecs and containers that break the contract (the real ones: contract.test.ts). */
import { describe, expect, it } from 'vitest';
import type { Codec, Container, DecodeResult } from '../contract';
import { guardCodec, guardContainer } from './guard';

const result = (output: Uint8Array, consumed: number | null): DecodeResult => ({
  output,
  consumed,
  fields: {},
  notes: [],
});

/** A codec whose decode does whatever `act` does. */
const rogue = (act: () => Promise<DecodeResult>): Codec<'gzip'> => ({
  id: 'gzip',
  name: 'rogue',
  magic: Uint8Array.of(1),
  probe: () => {
    throw new Error('probe bug');
  },
  decode: act,
});

describe('guardCodec', () => {
  it('an exception becomes an internal error with its message; a probe bug a null hit', async () => {
    const c = guardCodec(
      rogue(() => {
        throw new TypeError('x is undefined');
      }),
    );
    const r = await c.decode(Uint8Array.of(1, 2), { maxOutput: 10 });
    expect(r.error).toMatchObject({ code: 'internal', offset: 0 });
    expect(r.error?.message).toMatch(/rogue.*x is undefined/);
    expect(c.probe(Uint8Array.of(1))).toBeNull();
  });

  it('a thrown AbortError becomes cancelled data', async () => {
    const abort = Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
    const c = guardCodec(rogue(() => Promise.reject(abort)));
    expect((await c.decode(Uint8Array.of(1), { maxOutput: 10 })).error?.code).toBe('cancelled');
  });

  it('output past the cap is cut to the cap with too-large; an impossible consumed becomes null', async () => {
    const c = guardCodec(rogue(async () => result(new Uint8Array(100).fill(7), 99)));
    const r = await c.decode(Uint8Array.of(1, 2, 3), { maxOutput: 10.5 });
    expect(r.output.length).toBe(10);
    expect(r.error?.code).toBe('too-large');
    expect(r.consumed).toBeNull();
    const neg = await c.decode(Uint8Array.of(1), { maxOutput: -5 });
    expect(neg.output.length).toBe(0);
  });

  it('never calls the codec once the signal has fired', async () => {
    let called = false;
    const c = guardCodec(
      rogue(async () => {
        called = true;
        return result(new Uint8Array(1), 1);
      }),
    );
    const ac = new AbortController();
    ac.abort();
    const r = await c.decode(Uint8Array.of(1), { maxOutput: 10, signal: ac.signal });
    expect(r.error?.code).toBe('cancelled');
    expect(called).toBe(false);
  });
});

describe('guardContainer', () => {
  it('a parser bug becomes a null hit or an internal error, and the rest is scanned', () => {
    const bad: Container = {
      id: 'bad',
      name: 'Bad',
      probe: () => {
        throw new RangeError('offset out of bounds');
      },
      open: () => {
        throw new RangeError('offset out of bounds');
      },
    };
    const c = guardContainer(bad);
    expect(c.probe(new Uint8Array(4))).toBeNull();
    const o = c.open(new Uint8Array(4), { label: 'x', length: null, fields: {}, notes: [] });
    expect(o.errors[0]).toMatchObject({ code: 'internal' });
    expect(o.errors[0]!.message).toMatch(/Bad parser failed unexpectedly: offset out of bounds/);
    expect(o.scanRest).toBe(true);
  });
});

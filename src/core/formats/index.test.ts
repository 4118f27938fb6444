import { describe, expect, it } from 'vitest';
import { codecs, containers, lookedFor, markers } from '.';

describe('the format registry', () => {
  it('"looked for" names every registered container, marker and codec', () => {
    const text = lookedFor();
    for (const f of [...containers, ...markers, ...codecs]) expect(text).toContain(f.name);
  });

  it('ids are unique', () => {
    const ids = [...containers.map((c) => c.id), ...codecs.map((c) => c.id), ...markers.map((m) => m.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

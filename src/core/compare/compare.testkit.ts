/** Test helpers: the compare fixture pair (scripts/fixtures/compare.mjs) opened by the real core. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, type Inspection } from '../inspect';
import { bytesSource } from '../source';

export const compareFixtures = {
  a: join(__dirname, '..', '..', '..', 'test', 'fixtures', 'compare', 'kheaders-a.tar.xz'),
  b: join(__dirname, '..', '..', '..', 'test', 'fixtures', 'compare', 'kheaders-b.tar.xz'),
};

export function openFixture(path: string): Promise<Inspection> {
  return inspect(bytesSource(readFileSync(path), path.slice(path.lastIndexOf('/') + 1)));
}

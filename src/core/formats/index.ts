/**
 * The format registry: the ONLY place that lists what the core can open.
 * Adding a format = one new file plus one line here (see README.md in this folder).
 */
import { containers } from './containers';
import type { Codec, CodecId, Container } from './contract';
import { gzip } from './gzip';
import { lzma } from './lzma';
import { lzo } from './lzop';
import { xz } from './xz';

/** Codecs, in the order the scanner reports ties. */
export const codecs: readonly Codec[] = [xz, gzip, lzma, lzo];

/** Containers, tried at offset 0 of a layer, most specific first (see containers.ts). */
export { containers };
export type { Codec, CodecId, Container };

const byId = new Map<CodecId, Codec>(codecs.map((c) => [c.id, c]));
export const codecById = (id: CodecId): Codec | undefined => byId.get(id);

/**
 * The xz codec (kheaders.tar.xz, xz_wrap.sh kernel payloads, .ko.xz). See README.md here.
 */
import { isAbort, toKhiError } from '../../errors';
import type { Codec, DecodeResult } from '../contract';
import { decodeXz } from './decode';
import { XZ_MAGIC, checkName } from './format';
import { readStreamHeader } from './parse';

export const xz: Codec = {
  id: 'xz',
  name: 'xz',
  magic: XZ_MAGIC,
  probe(input) {
    const ct = readStreamHeader(input, 0);
    return typeof ct === 'number' ? { check: checkName(ct), checkId: ct } : null;
  },
  async decode(input, opts): Promise<DecodeResult> {
    try {
      return await decodeXz(input, opts);
    } catch (e) {
      // Only cancellation crosses the boundary; anything else is a bug reported as data.
      if (isAbort(e)) throw e;
      return { output: new Uint8Array(0), consumed: null, fields: {}, notes: [], error: toKhiError(e, 0) };
    }
  },
};

export { decodeXz };

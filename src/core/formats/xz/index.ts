/**
 * The xz codec (kheaders.tar.xz, xz_wrap.sh kernel payloads, .ko.xz). See README.md here.
 */
import type { Codec } from '../contract';
import { decodeXz } from './decode';
import { XZ_MAGIC, checkName } from './format';
import { readStreamHeader } from './parse';

export const xz: Codec<'xz'> = {
  id: 'xz',
  name: 'xz',
  magic: XZ_MAGIC,
  probe(input) {
    const ct = readStreamHeader(input, 0);
    return typeof ct === 'number' ? { check: checkName(ct), checkId: ct } : null;
  },
  // A cancel inside a block's step loop throws AbortError; the registry's guard makes it data.
  decode: decodeXz,
};

export { decodeXz };

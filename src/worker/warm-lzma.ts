/**
 * Warm liblzma while the page is idle: decode 8 MiB of zeros (one xz block, LZMA2 with an 8 MiB
 * dictionary, as `xz -6` and kheaders archives use) into nothing, then give the instance back to the
 * pool. The next xz decode takes that instance, and liblzma keeps a dictionary of the same size
 * (lz_decoder.c), so its 8 MiB are already touched (2,048 page faults fewer inside the open) and the
 * decoder's hot functions have had their first run.
 */
import { decodeXzBlock } from '../core/formats/xz/block';
import { CHECK_SIZES } from '../core/formats/xz/format';
import { parseXz } from '../core/formats/xz/parse';
import type { OutputSink } from '../core/wasm/steps';

/** `head -c 8M /dev/zero | xz -6 --check=none | base64 -w0` (1,348 bytes). */
const ZEROS_8M_XZ =
  '/Td6WFoAAAD/EtlBAgAhARYAAAB0L+Wj//8RAWxdAABv/f//o7f/Rz5IFXI5YVG4kijmo4YH+e7kHoLTL8U6PAFLsX7JiopN' +
  'L6MN2X+m44wjEVPgWRjFdYrid/i2lH8MasDedElk4ulcU7IE2PdEDKtfDW1G6eXDdoi3llestk3haR1v+0uIEGxCy4g/XACP' +
  '0E6vJiiUcR89jyThcJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6x' +
  'JxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgL' +
  'zf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH' +
  '2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvEgn5lif/xABKwDsc1On/b6ufDEan7eNMW5wnqcjX+woy4XRlZiKfiqR' +
  '8id19xnABphNmP3Yr9WQD8QlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0' +
  'zR5bIEL53VM9+ClkCTuAyyps37U78MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlU/j1' +
  'kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U7' +
  '8MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlUQ8/sp//EAErAOxzU6f9vq58MRqft40x' +
  'bnCepyNf7CjLhdGVmIp+KpHyJ3X3GcAGmE2Y/div1ZAPxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7p' +
  'dqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77' +
  'mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsg' +
  'QvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVRDz+yn/8Q' +
  'ASsA7HNTp/2+rnwxGp+3jTFucJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGq' +
  'rWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT' +
  '+HF4WfgLzf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk' +
  '5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+VKEYPqfx83vuaMC5W' +
  'wI+F84OBwGXEJVEPP7KAA7oABQB7YffvAAAAAAABngqAgIAEpkoLnqgACvwCAAAAAABZWg==';

/** Decoded bytes are dropped (the point is the dictionary, not the output). */
const discard: OutputSink = { room: () => Number.MAX_SAFE_INTEGER, put: () => undefined };

/** Decode the warm-up block; resolves to the bytes decoded (8 MiB), or 0 when it could not run. */
export async function warmLiblzma(): Promise<number> {
  const bytes = Uint8Array.from(atob(ZEROS_8M_XZ), (c) => c.charCodeAt(0));
  const b = parseXz(bytes).blocks[0];
  if (!b) return 0;
  const r = await decodeXzBlock(
    {
      bytes: bytes.subarray(b.headerOffset, b.checkOffset + CHECK_SIZES[b.checkType]!),
      checkType: b.checkType,
      compressedSize: b.dataSize,
      uncompressedSize: b.uncompressedSize,
      dictCap: b.uncompressedSize,
    },
    discard,
  );
  return r.status === 'ok' ? r.produced : 0;
}

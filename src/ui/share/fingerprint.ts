/**
 * The archive fingerprint: SHA-256 of the input file exactly as the user gave it (before any
 * decompression), as lower-case hex. It keys the recent store and goes (as a prefix) into links.
 */

/** Hex chars of the fingerprint put into share links (64 bits: ample to tell archives apart). */
export const LINK_SHA_CHARS = 16;

export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  // crypto.subtle.digest is one-shot: it needs the whole input in memory. Inputs are capped
  // (2 GiB) upstream; a Blob is read once here. A view is copied only when it is not the whole buffer.
  let buf: ArrayBuffer;
  if (data instanceof Blob) buf = await data.arrayBuffer();
  else if (data instanceof Uint8Array) buf = wholeBuffer(data);
  else buf = data;
  const digest = await crypto.subtle.digest('SHA-256', buf);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function wholeBuffer(view: Uint8Array): ArrayBuffer {
  if (
    view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength &&
    view.buffer instanceof ArrayBuffer
  ) {
    return view.buffer;
  }
  return view.slice().buffer;
}

export function linkSha(fullSha256: string): string {
  return fullSha256.toLowerCase().slice(0, LINK_SHA_CHARS);
}

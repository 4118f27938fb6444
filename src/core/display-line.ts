/**
 * A line of file content for a terminal (the CLI's `--grep`), under the name policy (names.ts):
 * its own bytes when it holds nothing a terminal would act on, which is every ordinary line, so the
 * output stays byte for byte what `grep` prints. Otherwise each C0 control except TAB (a line's own
 * layout), DEL, C1 control, bidi control and U+2028/2029 becomes its visible token (`\x1b`,
 * `\u202E`), and each byte that is not part of valid UTF-8 becomes `\xNN` (a lone 0x9b is CSI on an
 * 8-bit terminal). Backslashes are left alone: C text is full of them.
 */
import { escapeToken, hasUnsafeChars } from './names';

const TAB = 0x09;
const enc = new TextEncoder();

/** Length of the valid UTF-8 sequence at `i` and its code point, or null when the byte is invalid. */
function utf8At(b: Uint8Array, i: number): [number, number] | null {
  const c = b[i]!;
  let n: number;
  let cp: number;
  let min: number;
  if (c >= 0xc2 && c <= 0xdf) [n, cp, min] = [2, c & 0x1f, 0x80];
  else if (c >= 0xe0 && c <= 0xef) [n, cp, min] = [3, c & 0x0f, 0x800];
  else if (c >= 0xf0 && c <= 0xf4) [n, cp, min] = [4, c & 0x07, 0x10000];
  else return null;
  if (i + n > b.length) return null;
  for (let k = 1; k < n; k++) {
    const d = b[i + k]!;
    if ((d & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (d & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return [n, cp];
}

const plainAscii = (c: number): boolean => (c >= 0x20 && c < 0x7f) || c === TAB;

/** The line (without its newline) as it may be printed; the same array when nothing needs escaping. */
export function displayLineBytes(line: Uint8Array): Uint8Array {
  let i = 0;
  while (i < line.length && plainAscii(line[i]!)) i++;
  if (i === line.length) return line;
  const parts: number[] = [];
  const push = (s: string): void => {
    for (const x of enc.encode(s)) parts.push(x);
  };
  for (let k = 0; k < i; k++) parts.push(line[k]!);
  while (i < line.length) {
    const c = line[i]!;
    if (plainAscii(c)) {
      parts.push(c);
      i++;
      continue;
    }
    if (c < 0x80) {
      push(escapeToken(String.fromCharCode(c)));
      i++;
      continue;
    }
    const seq = utf8At(line, i);
    if (!seq) {
      push(escapeToken(String.fromCharCode(c)));
      i++;
      continue;
    }
    const [n, cp] = seq;
    const ch = String.fromCodePoint(cp);
    if (hasUnsafeChars(ch)) push(escapeToken(ch));
    else for (let k = 0; k < n; k++) parts.push(line[i + k]!);
    i += n;
  }
  return Uint8Array.from(parts);
}

/** A classic hex dump: offset, 16 bytes, ASCII. `mark` (absolute offset) is highlighted. */
import { hex8 } from '../format';

export function HexDump({ bytes, start, mark }: { bytes: Uint8Array; start: number; mark: number }) {
  const rows = [];
  const first = start - (start % 16);
  for (let rowAt = first; rowAt < start + bytes.length; rowAt += 16) {
    const cells = [];
    let ascii = '';
    for (let k = 0; k < 16; k++) {
      const at = rowAt + k;
      const inside = at >= start && at < start + bytes.length;
      const b = inside ? bytes[at - start]! : -1;
      cells.push(
        <span key={k} className={at === mark ? 'hb mark' : mark >= 0 && at < mark ? 'hb before' : 'hb'}>
          {b < 0 ? '  ' : b.toString(16).padStart(2, '0')}
        </span>,
      );
      ascii += b < 0 ? ' ' : b >= 32 && b < 127 ? String.fromCharCode(b) : '.';
    }
    rows.push(
      <div key={rowAt} className="hrow">
        <span className="hoff">{hex8(rowAt)}</span>
        <span className="hbytes">{cells}</span>
        <span className="hascii">{ascii}</span>
      </div>,
    );
  }
  return <div className="hexdump">{rows}</div>;
}

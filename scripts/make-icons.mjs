#!/usr/bin/env node
// Draws the app icons into public/icons/: an SVG, PNGs at 192 and 512 px, and a 512 px "maskable"
// PNG whose drawing stays inside the 80 % safe circle. The shapes are those of the page's inline
// favicon (a white folder on a blue rounded square). PNGs are rasterised here (4×4 supersampling)
// and encoded with node:zlib, so the icons regenerate byte-identically without an image library.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BLUE = [0x1f, 0x6f, 0xeb];
const WHITE = [0xff, 0xff, 0xff];
// The folder, in the favicon's 16-unit box.
const FOLDER = [
  [3, 4.5],
  [7, 4.5],
  [8.2, 5.8],
  [13, 5.8],
  [13, 12.5],
  [3, 12.5],
];

function inPolygon(x, y, poly) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inRoundRect(x, y, size, r) {
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= 0 && y >= 0 && x <= size && y <= size;
}

/** RGBA pixels of the icon at `px`; `maskable` fills the square and shrinks the folder into the safe zone. */
function draw(px, maskable) {
  const rgba = new Uint8Array(px * px * 4);
  const unit = px / 16;
  const scale = maskable ? 0.7 : 1; // folder scaled about the centre
  const SS = 4;
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const u = (x + (sx + 0.5) / SS) / unit;
          const v = (y + (sy + 0.5) / SS) / unit;
          if (maskable || inRoundRect(u, v, 16, 3)) bg++;
          const fu = (u - 8) / scale + 8;
          const fv = (v - 8.5) / scale + 8.5;
          if (inPolygon(fu, fv, FOLDER)) fg++;
        }
      }
      const n = SS * SS;
      const a = bg / n;
      const f = fg / n;
      const i = (y * px + x) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(f * WHITE[c] + (1 - f) * BLUE[c]);
      rgba[i + 3] = Math.round(Math.max(a, f) * 255);
    }
  }
  return rgba;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

function png(px, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(px * (px * 4 + 1));
  for (let y = 0; y < px; y++) {
    raw[y * (px * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * px * 4, px * 4).copy(raw, y * (px * 4 + 1) + 1);
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const points = FOLDER.map(([x, y]) => `${x},${y}`).join(' ');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f6feb"/><polygon points="${points}" fill="#fff"/></svg>\n`;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.svg'), svg);
for (const px of [192, 512]) writeFileSync(join(out, `icon-${px}.png`), png(px, draw(px, false)));
writeFileSync(join(out, 'icon-maskable-512.png'), png(512, draw(512, true)));
console.log(`icons written to ${out}`);

#!/usr/bin/env node
// Writes the installable app's icons (public/icon-192.png, icon-512.png, and a maskable 512) from one
// drawing: a white tick over a document on the app's blue (#0b5cad, --primary). Plain PNG written
// with zlib, so no image library is needed; run it again only when the drawing changes
// (`node apps/web/scripts/icons.mjs`), and commit the files it writes.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x0b, 0x5c, 0xad];
const WHITE = [0xff, 0xff, 0xff];

/** Distance from (x, y) to the segment a–b. */
function toSegment(x, y, [ax, ay], [bx, by]) {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The colour at (u, v) in the unit square; `inset` shrinks the drawing for the maskable safe zone. */
function colourAt(u, v, inset) {
  const s = (p) => 0.5 + (p - 0.5) * inset;
  // A page outline (rounded by the stroke) and a tick across its lower half.
  const page = [
    [s(0.3), s(0.2)],
    [s(0.7), s(0.2)],
    [s(0.7), s(0.8)],
    [s(0.3), s(0.8)],
  ];
  const stroke = 0.045 * inset;
  for (let i = 0; i < 4; i++) if (toSegment(u, v, page[i], page[(i + 1) % 4]) < stroke / 2) return WHITE;
  for (const [a, b] of [
    [[s(0.38), s(0.36)], [s(0.62), s(0.36)]],
    [[s(0.38), s(0.46)], [s(0.55), s(0.46)]],
  ])
    if (toSegment(u, v, a, b) < stroke / 3) return WHITE;
  const tick = [
    [s(0.4), s(0.62)],
    [s(0.48), s(0.7)],
    [s(0.64), s(0.52)],
  ];
  if (toSegment(u, v, tick[0], tick[1]) < stroke / 1.5 || toSegment(u, v, tick[1], tick[2]) < stroke / 1.5) return WHITE;
  return BLUE;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, inset) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) row.set(colourAt((x + 0.5) / size, (y + 0.5) / size, inset), 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const out = new URL('../public/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, 1));
writeFileSync(new URL('icon-512.png', out), png(512, 1));
// Maskable icons may be cropped to a circle: the drawing keeps within the middle 80 %.
writeFileSync(new URL('icon-maskable-512.png', out), png(512, 0.8));

/**
 * What a JPEG's markers say, read without decoding: its frame, how many scans it has, its
 * Adobe colour transform, where its Exif sits and whether it ends. The edge judges the cost
 * of a decode from this; orientation.ts and cmyk.ts read their fields from it.
 */

export interface JpegFrame {
  /** The start-of-frame marker (0xC0 baseline, 0xC2 progressive, ...). */
  readonly marker: number;
  /** Bits per sample. */
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  /** Largest horizontal and vertical sampling factors: an MCU is 8 times these pixels. */
  readonly maxH: number;
  readonly maxV: number;
  readonly components: number;
}

/** What a JPEG's markers declare, read without decoding: its frame, its scans (the cost), Adobe and Exif segments, whether it ends. */
export interface JpegInfo {
  /** The first start-of-frame, undefined when the header is cut short before it. */
  frame?: JpegFrame;
  /** Start-of-scan markers: 1 for baseline, about 10 for a progressive JPEG from a real encoder. */
  scans: number;
  /** Adobe APP14's transform (0: CMYK or RGB as stored, 1: YCbCr, 2: YCCK); undefined without APP14. */
  adobeTransform?: number;
  /** The TIFF data of the first APP1 "Exif" segment: [start, end) in the file. */
  exif?: readonly [number, number];
  /** An end-of-image marker follows the last scan's entropy-coded data. */
  complete: boolean;
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;

/** Start-of-frame markers: C0-CF but for DHT (C4), JPG (C8) and DAC (CC). */
export function isFrameMarker(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/** Markers without a length: SOI, EOI, TEM and the restart markers. */
const standalone = (m: number) => m === 0xd8 || m === 0xd9 || m === 0x01 || (m >= 0xd0 && m <= 0xd7);

/**
 * Walk the markers of a JPEG. Entropy-coded data is skipped byte by byte to the next marker
 * that is not a restart (a few ms for 10 MB). `headerOnly` stops at the first scan.
 */
export function readJpegInfo(b: Uint8Array, headerOnly = false): JpegInfo {
  const info: JpegInfo = { scans: 0, complete: false };
  let i = 2;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) {
      i++; // stray bytes before a marker: libjpeg skips them with a warning, and so do we
      continue;
    }
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd9) {
      info.complete = info.scans > 0;
      return info;
    }
    if (standalone(m)) {
      i += 2;
      continue;
    }
    if (i + 3 >= b.length) break;
    const start = i + 4;
    const end = i + 2 + be16(b, i + 2);
    if (end > b.length) break;
    if (isFrameMarker(m) && !info.frame && end - start >= 6) {
      const components = b[start + 5]!;
      let maxH = 1;
      let maxV = 1;
      for (let c = 0; c < components && start + 6 + c * 3 + 1 < end; c++) {
        const hv = b[start + 6 + c * 3 + 1]!;
        maxH = Math.max(maxH, hv >> 4);
        maxV = Math.max(maxV, hv & 15);
      }
      info.frame = { marker: m, precision: b[start]!, height: be16(b, start + 1), width: be16(b, start + 3), maxH, maxV, components };
    } else if (m === 0xe1 && !info.exif && end - start >= 14 && String.fromCharCode(...b.subarray(start, start + 6)) === 'Exif\0\0') {
      info.exif = [start + 6, end];
    } else if (m === 0xee && info.adobeTransform === undefined && end - start >= 12 && String.fromCharCode(...b.subarray(start, start + 5)) === 'Adobe') {
      info.adobeTransform = b[start + 11]!;
    } else if (m === 0xda) {
      info.scans++;
      if (headerOnly) return info;
      i = skipEntropyCoded(b, end);
      continue;
    }
    i = end;
  }
  return info;
}

/** Where the entropy-coded data starting at `i` ends: the next marker but a stuffed 0xFF00 or a restart. */
function skipEntropyCoded(b: Uint8Array, i: number): number {
  for (;;) {
    i = b.indexOf(0xff, i);
    if (i < 0 || i + 1 >= b.length) return b.length;
    const next = b[i + 1]!;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return i;
    i += next === 0xff ? 1 : 2;
  }
}

/**
 * EXIF orientation: phones store the sensor's pixels and a tag saying how to turn them. Every
 * decoder in the project (the worker, the command line) reads the tag here and turns the
 * pixels with applyOrientation, so a portrait photo comes back upright. Browsers'
 * createImageBitmap already applies it (imageOrientation 'from-image').
 */
import type { RgbaImage } from './image.js';
import { sniffImageType } from './image-type.js';
import { readJpegInfo } from './jpeg-markers.js';

/** 1 upright, 2 mirrored, 3 turned 180°, 4 flipped, 5 transposed, 6 turned 90° clockwise to view, 7 transversed, 8 turned 90° anticlockwise to view. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** The orientation tag of a TIFF block (the body of JPEG's APP1 Exif, PNG's eXIf, WebP's EXIF); 1 when absent or unreadable. */
export function tiffOrientation(b: Uint8Array, start: number, end: number): Orientation {
  if (ascii(b, start, 6) === 'Exif\0\0') start += 6; // some PNG and WebP writers keep JPEG's prefix
  if (end - start < 8) return 1;
  const little = ascii(b, start, 2) === 'II';
  if (!little && ascii(b, start, 2) !== 'MM') return 1;
  const view = new DataView(b.buffer, b.byteOffset + start, end - start);
  const u16 = (o: number) => view.getUint16(o, little);
  if (u16(2) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return 1;
  const count = u16(ifd);
  for (let e = 0; e < count; e++) {
    const o = ifd + 2 + e * 12;
    if (o + 12 > view.byteLength) return 1;
    if (u16(o) === ORIENTATION_TAG) {
      const value = u16(o + 8); // a SHORT sits in the first half of the value field
      return value >= 1 && value <= 8 ? (value as Orientation) : 1;
    }
  }
  return 1;
}

/** The EXIF orientation of a JPEG (APP1), PNG (eXIf before the pixels) or WebP (EXIF chunk); 1 when there is none. */
export function readOrientation(b: Uint8Array): Orientation {
  const type = sniffImageType(b);
  if (type === 'jpeg') {
    const { exif } = readJpegInfo(b, true);
    return exif ? tiffOrientation(b, exif[0], exif[1]) : 1;
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (type === 'png') {
    for (let i = 8; i + 8 <= b.length; ) {
      const length = view.getUint32(i);
      const name = ascii(b, i + 4, 4);
      if (name === 'IDAT' || name === 'IEND') return 1;
      if (name === 'eXIf') return tiffOrientation(b, i + 8, Math.min(b.length, i + 8 + length));
      i += 12 + length;
    }
    return 1;
  }
  if (type === 'webp') {
    for (let i = 12; i + 8 <= b.length; ) {
      const length = view.getUint32(i + 4, true);
      if (ascii(b, i, 4) === 'EXIF') return tiffOrientation(b, i + 8, Math.min(b.length, i + 8 + length));
      i += 8 + length + (length & 1); // chunks are padded to even sizes
    }
  }
  return 1;
}

/** Width and height once turned: 5 to 8 swap them. */
export function orientedSize(width: number, height: number, orientation: Orientation): { width: number; height: number } {
  return orientation >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * The image as it should be viewed. Orientation 1 returns the same image; others a new buffer
 * (a rotation cannot be done in place for a non-square image without a copy anyway).
 */
export function applyOrientation(image: RgbaImage, orientation: Orientation): RgbaImage {
  if (orientation === 1) return image;
  const { width: w, height: h } = image;
  const { width, height } = orientedSize(w, h, orientation);
  const bytes = image.data.byteOffset % 4 === 0 ? image.data : image.data.slice(); // a Uint32Array view needs alignment
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
  const out = new Uint8ClampedArray(w * h * 4);
  const dst = new Uint32Array(out.buffer);
  // For each output pixel (x, y): the stored pixel at sx + sy * w, as index = base + x * dx + y * dy.
  const [base, dx, dy] = ({
    2: [w - 1, -1, w],
    3: [w * h - 1, -1, -w],
    4: [(h - 1) * w, 1, -w],
    5: [0, w, 1],
    6: [(h - 1) * w, -w, 1],
    7: [h * w - 1, -w, -1],
    8: [w - 1, w, -1],
  } as const)[orientation];
  for (let y = 0; y < height; y++) {
    let s = base + y * dy;
    const row = y * width;
    for (let x = 0; x < width; x++, s += dx) dst[row + x] = src[s]!;
  }
  return { width, height, data: out };
}

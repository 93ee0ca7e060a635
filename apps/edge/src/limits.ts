import { sniffImageType, type ImageType } from '@colorize/model';
import { HttpError } from './errors.js';

export type { ImageType };

export const CONTENT_TYPES: Record<ImageType, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const le24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

export interface Size {
  width: number;
  height: number;
}

/** Width and height as the header declares them, read before any decoding; undefined when the header is cut short. */
export function headerSize(b: Uint8Array, type: ImageType): Size | undefined {
  if (type === 'png') {
    if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type === 'webp') {
    if (b.length < 30) return undefined;
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8 ') return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const [b0, b1, b2, b3] = [b[21]!, b[22]!, b[23]!, b[24]!];
      return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
    }
    if (chunk === 'VP8X') return { width: 1 + le24(b, 24), height: 1 + le24(b, 27) };
    return undefined;
  }
  // JPEG: walk the marker segments to the first start-of-frame.
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { width: be16(b, i + 7), height: be16(b, i + 5) };
    i += 2 + be16(b, i + 2);
  }
  return undefined;
}

/**
 * Whether a JPEG ends: libjpeg fills a cut-short file with grey and only warns, so look for the
 * end-of-image marker after the last start-of-scan (an EXIF thumbnail's own marker comes earlier).
 */
export function jpegIsComplete(b: Uint8Array): boolean {
  let sos = -1;
  for (let i = 2; i + 1 < b.length; i++) {
    if (b[i] === 0xff && b[i + 1] === 0xda) sos = i;
  }
  if (sos < 0) return false;
  for (let i = b.length - 2; i > sos; i--) {
    if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  }
  return false;
}

export interface Limits {
  maxBytes: number;
  maxPixels: number;
}

/** Refuse what must not be decoded: wrong type, cut-short header, or too many pixels declared. */
export function checkImage(bytes: Uint8Array, limits: Limits): { type: ImageType; size: Size } {
  if (bytes.length === 0) throw new HttpError(400, 'empty_image', 'The request has no image: send JPEG, PNG or WebP bytes, or a multipart form with an "image" field.');
  if (bytes.length > limits.maxBytes) throw new HttpError(413, 'body_too_large', `The image is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`);
  const type = sniffImageType(bytes);
  if (!type) throw new HttpError(415, 'unsupported_type', 'Only JPEG, PNG and WebP images can be colorized (judged from the file\'s bytes).');
  const size = headerSize(bytes, type);
  if (!size || size.width === 0 || size.height === 0) throw new HttpError(400, 'invalid_image', `The ${type.toUpperCase()} header is damaged or cut short.`);
  if (type === 'jpeg' && !jpegIsComplete(bytes)) throw new HttpError(400, 'invalid_image', 'The JPEG is cut short: it has no end-of-image marker.');
  if (size.width * size.height > limits.maxPixels) {
    throw new HttpError(413, 'image_too_large', `The image declares ${size.width}x${size.height} pixels; the limit is ${(limits.maxPixels / 1e6).toFixed(1)} megapixels.`);
  }
  return { type, size };
}

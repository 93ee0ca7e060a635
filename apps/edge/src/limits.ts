import { readJpegInfo, sniffImageType, unsupportedJpeg, unsupportedWebp, type ImageType } from '@colorize/model/photo';
import { serviceError } from './errors.js';

export type { ImageType };

export const CONTENT_TYPES: Record<ImageType, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/**
 * Scans a progressive JPEG may have. Measured: libjpeg-turbo 2.1.5's cjpeg -progressive writes
 * 10 (6 for grey), ImageMagick and PIL 10, mozjpeg (@jsquash/jpeg, quality 50-100) 7-12; phone
 * cameras write baseline JPEGs (1 scan). Each scan costs a pass over the whole image (about
 * 0.5 ms at 2 MP), so a file of 30,000 tiny scans is a 15 s decode in 1 MB.
 */
export const MAX_JPEG_SCANS = 32;

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const le24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

export interface Size {
  width: number;
  height: number;
}

/** Width and height of a PNG or WebP as its header declares them; undefined when the header is cut short. */
export function headerSize(b: Uint8Array, type: 'png' | 'webp'): Size | undefined {
  if (type === 'png') {
    if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
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

export interface Limits {
  maxBytes: number;
  maxPixels: number;
}

/**
 * The 413 for a photo over the limit, with the way forward: the model colorizes at 256x256, so a
 * reduced copy loses nothing, and its colour goes back onto the full-size photo on the device
 * (mergeColour; the Colorize SDK does both). Measured, a 12 MP photo here would cost about 6 s
 * of CPU (decode 1.3, colorize and merge 3.3, PNG 1.4) and 100 MB of buffers: past
 * limits.cpu_ms and most of an isolate's 128 MB.
 */
export function tooLarge(size: Size, maxPixels: number): string {
  const side = Math.floor(Math.sqrt(maxPixels));
  return `The image declares ${size.width}x${size.height} pixels; the limit is ${(maxPixels / 1e6).toFixed(1)} megapixels. `
    + `Send a copy at most ${side}x${side} (the model colorizes at 256x256, so 256 px on the longest side loses nothing) and put its colour back on the full-size photo; the Colorize SDK does this for you.`;
}

/**
 * Refuse, in a few milliseconds and before any decoding, what must not be decoded: no bytes,
 * the wrong type, a damaged or cut-short header or JPEG, a kind the decoder lacks, too many
 * pixels, or more progressive scans than any real encoder writes.
 */
export function checkImage(bytes: Uint8Array, limits: Limits): { type: ImageType; size: Size } {
  if (bytes.length === 0) throw serviceError('empty_image', 'The request has no image: send JPEG, PNG or WebP bytes, or a multipart form with an "image" field.');
  if (bytes.length > limits.maxBytes) throw serviceError('body_too_large', `The image is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`);
  const type = sniffImageType(bytes);
  if (!type) throw serviceError('unsupported_type', 'Only JPEG, PNG and WebP images can be colorized (judged from the file\'s bytes).');
  const jpeg = type === 'jpeg' ? readJpegInfo(bytes) : undefined;
  const size = jpeg ? jpeg.frame : headerSize(bytes, type as 'png' | 'webp');
  const name = type.toUpperCase();
  if (!size || size.width === 0 || size.height === 0) throw serviceError('invalid_image', `The ${name} header is damaged or cut short.`);
  const unsupported = jpeg ? unsupportedJpeg(jpeg) : type === 'webp' ? unsupportedWebp(bytes) : undefined;
  if (unsupported) throw serviceError('unsupported_image', `This ${name} cannot be colorized: ${unsupported}.`);
  if (size.width * size.height > limits.maxPixels) {
    throw serviceError('image_too_large', tooLarge(size, limits.maxPixels));
  }
  if (jpeg && jpeg.scans > MAX_JPEG_SCANS) {
    throw serviceError('image_too_complex', `The JPEG has ${jpeg.scans} scans; real encoders write about 10, and this service decodes at most ${MAX_JPEG_SCANS}.`);
  }
  if (jpeg && !jpeg.complete) throw serviceError('invalid_image', 'The JPEG is cut short: its image data has no end-of-image marker.');
  return { type, size: { width: size.width, height: size.height } };
}

/**
 * From a photo's bytes to upright RGBA pixels, the same way in every runtime: the worker and
 * the command line each bring their wasm codecs (loaded their own way), this decides which to
 * call and what the answer means.
 */
import { cmykToRgba, jpegInk } from './cmyk.js';
import { ColorizeError } from '../errors.js';
import type { RgbaImage } from './image.js';
import { sniffImageType, type ImageType } from './image-type.js';
import { readJpegInfo, type JpegInfo } from './jpeg-markers.js';
import { jpegTailIsBlank } from './jpeg-tail.js';
import { applyOrientation, readOrientation } from './orientation.js';

/** The runtime's own wasm codecs, which decodePhoto calls: each answers RGBA pixels, or null when it cannot. */
export interface RawDecoders {
  /** 1- and 3-component JPEGs to RGBA. */
  jpeg(buffer: ArrayBuffer): Promise<RgbaImage | null>;
  /** 4-component JPEGs to libjpeg's CMYK (see cmyk.ts). */
  jpegCmyk(buffer: ArrayBuffer): Promise<RgbaImage | null>;
  png(buffer: ArrayBuffer): Promise<RgbaImage | null>;
  /** Absent where the runtime has no WebP decoder. */
  webp?(buffer: ArrayBuffer): Promise<RgbaImage | null>;
}

/** Why a well-formed JPEG cannot be decoded here, or undefined when it can. */
export function unsupportedJpeg(info: JpegInfo): string | undefined {
  const frame = info.frame;
  if (!frame) return undefined;
  if (frame.marker === 0xc3 || frame.marker === 0xc7 || frame.marker === 0xcb || frame.marker === 0xcf) return 'lossless JPEG is not supported';
  if (frame.marker >= 0xc9) return 'arithmetic-coded JPEG is not supported';
  if (frame.marker >= 0xc5) return 'hierarchical JPEG is not supported';
  if (frame.precision !== 8) return `${frame.precision}-bit JPEG is not supported (8-bit only)`;
  if (frame.components !== 1 && frame.components !== 3 && frame.components !== 4) return `a JPEG of ${frame.components} components is not supported`;
  return undefined;
}

/** Why a well-formed WebP cannot be decoded here (animation), or undefined. */
export function unsupportedWebp(b: Uint8Array): string | undefined {
  // VP8X's flags byte: bit 1 marks an animation, which the still-image decoder refuses.
  return b.length > 20 && String.fromCharCode(...b.subarray(12, 16)) === 'VP8X' && (b[20]! & 0x02) !== 0 ? 'animated WebP is not supported' : undefined;
}

/**
 * Decode, convert CMYK, refuse a JPEG whose data stops early, and turn the pixels as the EXIF
 * orientation says.
 *
 * @param bytes A JPEG, PNG or WebP file.
 * @param decoders The runtime's codecs.
 * @throws ColorizeError `unsupported_type`, `unsupported_image` (a kind the decoder lacks: it
 *   says which), `invalid_image` (damaged or cut short).
 */
export async function decodePhoto(bytes: Uint8Array, decoders: RawDecoders): Promise<RgbaImage> {
  const type = sniffImageType(bytes);
  if (!type) throw new ColorizeError('unsupported_type', 'Not a JPEG, PNG or WebP image (judged from its bytes).');
  if (type === 'webp' && !decoders.webp) throw new ColorizeError('unsupported_type', 'WebP cannot be read here: use a JPEG or PNG.');
  const info = type === 'jpeg' ? readJpegInfo(bytes, true) : undefined;
  const unsupported = info ? unsupportedJpeg(info) : type === 'webp' ? unsupportedWebp(bytes) : undefined;
  if (unsupported) throw new ColorizeError('unsupported_image', `This ${name(type)} cannot be colorized: ${unsupported}.`);
  const ink = info ? jpegInk(info) : undefined;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let image: RgbaImage | null;
  try {
    const decode = type === 'jpeg' ? (ink ? decoders.jpegCmyk : decoders.jpeg) : type === 'png' ? decoders.png : decoders.webp!;
    image = await decode(buffer);
  } catch {
    image = null;
  }
  // The codecs answer a damaged or truncated file with an error or with nothing at all.
  if (!image || image.width === 0 || image.data.length !== image.width * image.height * 4) {
    throw new ColorizeError('invalid_image', `The ${name(type)} could not be decoded: the file is damaged or cut short.`);
  }
  if (ink) cmykToRgba(image.data, ink.inverted);
  else if (info?.frame && jpegTailIsBlank(image, info.frame)) {
    throw new ColorizeError('invalid_image', 'The JPEG is cut short: its image data stops before the last blocks.');
  }
  return applyOrientation(image, readOrientation(bytes));
}

const name = (type: ImageType) => type.toUpperCase();

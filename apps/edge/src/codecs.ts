import decodeJpeg, { init as initJpegDecode } from '@jsquash/jpeg/decode';
import encodeJpeg, { init as initJpegEncode } from '@jsquash/jpeg/encode';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode';
import decodeWebp, { init as initWebpDecode } from '@jsquash/webp/decode';
import encodeWebp, { init as initWebpEncode } from '@jsquash/webp/encode';
import jpegDecWasm from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm?module';
import jpegEncWasm from '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm?module';
import pngWasm from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm?module';
import webpDecWasm from '@jsquash/webp/codec/dec/webp_dec.wasm?module';
import webpEncWasm from '@jsquash/webp/codec/enc/webp_enc_simd.wasm?module';
import type { RgbaImage } from '@colorize/model';
import { HttpError } from './errors.js';
import type { ImageType } from './limits.js';

// workerd cannot compile WebAssembly at run time: every codec gets the module wrangler compiled.
let ready: Promise<unknown> | undefined;
function init(): Promise<unknown> {
  ready ??= Promise.all([
    initJpegDecode(jpegDecWasm), initJpegEncode(jpegEncWasm), initPngDecode(pngWasm), initPngEncode(pngWasm),
    initWebpDecode(webpDecWasm), initWebpEncode(webpEncWasm),
  ]);
  return ready;
}

export async function decode(bytes: Uint8Array, type: ImageType): Promise<RgbaImage> {
  await init();
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let image: ImageData | null;
  try {
    image = type === 'jpeg' ? await decodeJpeg(buffer) : type === 'png' ? await decodePng(buffer) : await decodeWebp(buffer);
  } catch {
    image = null;
  }
  // The codecs answer a truncated file with an error or with nothing at all.
  if (!image || image.width === 0 || image.data.length !== image.width * image.height * 4) {
    throw new HttpError(400, 'invalid_image', `The ${type.toUpperCase()} could not be decoded: the file is damaged or cut short.`);
  }
  return image;
}

export async function encode(image: RgbaImage, type: ImageType, quality: number): Promise<ArrayBuffer> {
  await init();
  const data = image.data instanceof Uint8ClampedArray ? image.data : new Uint8ClampedArray(image.data.buffer);
  const imageData = { width: image.width, height: image.height, data, colorSpace: 'srgb' } as ImageData;
  if (type === 'jpeg') return encodeJpeg(imageData, { quality });
  if (type === 'webp') return encodeWebp(imageData, { quality });
  return encodePng(imageData);
}

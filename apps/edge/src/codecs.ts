import decodeJpeg, { init as initJpegDecode } from '@jsquash/jpeg/decode';
import encodeJpeg, { init as initJpegEncode } from '@jsquash/jpeg/encode';
import mozjpegDecoder, { type MozJPEGModule } from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode';
import decodeWebp, { init as initWebpDecode } from '@jsquash/webp/decode';
import encodeWebp, { init as initWebpEncode } from '@jsquash/webp/encode';
import jpegDecWasm from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm?module';
import jpegEncWasm from '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm?module';
import pngWasm from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm?module';
import webpDecWasm from '@jsquash/webp/codec/dec/webp_dec.wasm?module';
import webpEncWasm from '@jsquash/webp/codec/enc/webp_enc_simd.wasm?module';
// Made by npm run assets (scripts/assets.ts): mozjpeg_dec.wasm asking libjpeg for CMYK.
import jpegCmykDecWasm from '../generated/mozjpeg_dec_cmyk.wasm?module';
import type { RgbaImage } from '@colorize/model';
import { decodePhoto } from '@colorize/model/photo';
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

/** The CMYK decoder's own instance, made on the first CMYK or YCCK JPEG (rare: print workflows). */
let cmyk: Promise<MozJPEGModule> | undefined;
async function decodeJpegCmyk(buffer: ArrayBuffer): Promise<RgbaImage | null> {
  cmyk ??= initEmscriptenModule(mozjpegDecoder, jpegCmykDecWasm);
  return (await cmyk).decode(buffer, false);
}

/** Upright RGBA pixels (EXIF orientation applied, CMYK converted); ColorizeError when the file is damaged or of a kind the decoders lack. */
export async function decode(bytes: Uint8Array): Promise<RgbaImage> {
  await init();
  return decodePhoto(bytes, { jpeg: (b) => decodeJpeg(b), jpegCmyk: decodeJpegCmyk, png: (b) => decodePng(b), webp: (b) => decodeWebp(b) });
}

export async function encode(image: RgbaImage, type: ImageType, quality: number): Promise<ArrayBuffer> {
  await init();
  const data = image.data instanceof Uint8ClampedArray ? image.data : new Uint8ClampedArray(image.data.buffer);
  const imageData = { width: image.width, height: image.height, data, colorSpace: 'srgb' } as ImageData;
  if (type === 'jpeg') return encodeJpeg(imageData, { quality });
  if (type === 'webp') return encodeWebp(imageData, { quality });
  return encodePng(imageData);
}

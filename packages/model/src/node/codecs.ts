import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import decodeJpeg, { init as initJpegDecode } from '@jsquash/jpeg/decode.js';
import encodeJpeg, { init as initJpegEncode } from '@jsquash/jpeg/encode.js';
import mozjpegDecoder, { type MozJPEGModule } from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode.js';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode.js';
import type { RgbaImage } from '../image.js';
import { patchDecoderForCmyk } from '../cmyk.js';
import { decodePhoto } from '../photo-decode.js';

const require = createRequire(import.meta.url);

const JPEG_DEC = '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';

/** jsquash fetches its .wasm by URL, which Node cannot: hand it compiled modules from disk. */
async function wasm(path: string): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readFile(require.resolve(path)));
}

let ready: Promise<void> | undefined;
function init(): Promise<void> {
  ready ??= (async () => {
    await Promise.all([
      initJpegDecode(await wasm(JPEG_DEC)),
      initJpegEncode(await wasm('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')),
      initPngDecode(await wasm('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
      initPngEncode(await wasm('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
    ]);
  })();
  return ready;
}

/** A second mozjpeg instance, patched to hand over CMYK (see cmyk.ts); made on the first CMYK JPEG. */
let cmyk: Promise<MozJPEGModule> | undefined;
async function decodeJpegCmyk(buffer: ArrayBuffer): Promise<RgbaImage | null> {
  cmyk ??= readFile(require.resolve(JPEG_DEC)).then((bytes) => WebAssembly.compile(patchDecoderForCmyk(bytes))).then((m) => initEmscriptenModule(mozjpegDecoder, m));
  return (await cmyk).decode(buffer, false);
}

/** What the Node codecs write (the command line reads and writes JPEG and PNG). */
export type ImageFormat = 'jpeg' | 'png';

/** A JPEG or PNG, upright (EXIF orientation applied), CMYK converted; ColorizeError otherwise (see decodePhoto). */
export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  await init();
  return decodePhoto(bytes, { jpeg: (b) => decodeJpeg(b), jpegCmyk: decodeJpegCmyk, png: (b) => decodePng(b) });
}

export async function encodeImage(image: RgbaImage, format: ImageFormat, quality = 90): Promise<Uint8Array<ArrayBuffer>> {
  await init();
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const imageData = { width: image.width, height: image.height, data, colorSpace: 'srgb' } as ImageData;
  const out = format === 'jpeg' ? await encodeJpeg(imageData, { quality }) : await encodePng(imageData);
  return new Uint8Array(out);
}

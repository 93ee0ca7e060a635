import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { MozJPEGModule } from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { patchDecoderForCmyk } from '../photo/cmyk.js';
import { ColorizeError } from '../errors.js';
import type { RgbaImage } from '../photo/image.js';
import { decodePhoto } from '../photo/photo-decode.js';

const require = createRequire(import.meta.url);

const JPEG_DEC = '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';

/** jsquash fetches its .wasm by URL, which Node cannot: hand it compiled modules from disk. */
async function wasm(path: string): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readFile(require.resolve(path)));
}

/**
 * The codecs are optional peer dependencies (a browser user of the package never needs them):
 * imported on the first file read or written, with a plain answer when they are not installed.
 */
async function load() {
  try {
    const [jpegDec, jpegEnc, pngDec, pngEnc, mozjpeg, utils] = await Promise.all([
      import('@jsquash/jpeg/decode.js'), import('@jsquash/jpeg/encode.js'), import('@jsquash/png/decode.js'), import('@jsquash/png/encode.js'),
      import('@jsquash/jpeg/codec/dec/mozjpeg_dec.js'), import('@jsquash/jpeg/utils.js'),
    ]);
    await Promise.all([
      jpegDec.init(await wasm(JPEG_DEC)),
      jpegEnc.init(await wasm('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')),
      pngDec.init(await wasm('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
      pngEnc.init(await wasm('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
    ]);
    return { decodeJpeg: jpegDec.default, encodeJpeg: jpegEnc.default, decodePng: pngDec.default, encodePng: pngEnc.default, mozjpeg: mozjpeg.default, initEmscriptenModule: utils.initEmscriptenModule };
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new ColorizeError('model_unavailable', 'Reading and writing image files in Node needs @jsquash/jpeg and @jsquash/png: npm install @jsquash/jpeg @jsquash/png', { cause: e });
  }
}

let codecs: ReturnType<typeof load> | undefined;
const ready = () => (codecs ??= load().catch((e: unknown) => {
  codecs = undefined; // installed later, tried again
  throw e;
}));

/** A second mozjpeg instance, patched to hand over CMYK (see cmyk.ts); made on the first CMYK JPEG. */
let cmyk: Promise<MozJPEGModule> | undefined;
async function decodeJpegCmyk(buffer: ArrayBuffer): Promise<RgbaImage | null> {
  const { mozjpeg, initEmscriptenModule } = await ready();
  cmyk ??= readFile(require.resolve(JPEG_DEC)).then((bytes) => WebAssembly.compile(patchDecoderForCmyk(bytes))).then((m) => initEmscriptenModule(mozjpeg, m));
  return (await cmyk).decode(buffer, false);
}

/** What the Node codecs write (the command line reads and writes JPEG and PNG). */
export type ImageFormat = 'jpeg' | 'png';

/**
 * A JPEG or PNG file's pixels, upright (EXIF orientation applied), CMYK and YCCK converted.
 *
 * @param bytes The file.
 * @throws ColorizeError `unsupported_type` (not JPEG or PNG), `unsupported_image` (a kind the
 *   decoder lacks), `invalid_image` (damaged or cut short), `model_unavailable` (codecs not installed).
 */
export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  const { decodeJpeg, decodePng } = await ready();
  return decodePhoto(bytes, { jpeg: (b) => decodeJpeg(b), jpegCmyk: decodeJpegCmyk, png: (b) => decodePng(b) });
}

/**
 * Encode pixels as a JPEG or PNG file.
 *
 * @param image RGBA pixels.
 * @param format 'jpeg' or 'png'.
 * @param quality JPEG quality, 1-100.
 * @throws ColorizeError `model_unavailable` when the codecs are not installed.
 */
export async function encodeImage(image: RgbaImage, format: ImageFormat, quality = 90): Promise<Uint8Array<ArrayBuffer>> {
  const { encodeJpeg, encodePng } = await ready();
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const imageData = { width: image.width, height: image.height, data, colorSpace: 'srgb' } as ImageData;
  const out = format === 'jpeg' ? await encodeJpeg(imageData, { quality }) : await encodePng(imageData);
  return new Uint8Array(out);
}

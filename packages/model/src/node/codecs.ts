import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import decodeJpeg, { init as initJpegDecode } from '@jsquash/jpeg/decode.js';
import encodeJpeg, { init as initJpegEncode } from '@jsquash/jpeg/encode.js';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode.js';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode.js';
import { ColorizeError, type RgbaImage } from '../index.js';
import { sniffImageType } from '../image-type.js';

const require = createRequire(import.meta.url);

/** jsquash fetches its .wasm by URL, which Node cannot: hand it compiled modules from disk. */
async function wasm(path: string): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readFile(require.resolve(path)));
}

let ready: Promise<void> | undefined;
function init(): Promise<void> {
  ready ??= (async () => {
    await Promise.all([
      initJpegDecode(await wasm('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm')),
      initJpegEncode(await wasm('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')),
      initPngDecode(await wasm('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
      initPngEncode(await wasm('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
    ]);
  })();
  return ready;
}

/** What the Node codecs write (the command line reads and writes JPEG and PNG). */
export type ImageFormat = 'jpeg' | 'png';

export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  await init();
  const format = sniffImageType(bytes);
  if (format !== 'jpeg' && format !== 'png') throw new ColorizeError('invalid_image', 'Not a JPEG or PNG file.');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return format === 'jpeg' ? await decodeJpeg(buffer) : await decodePng(buffer);
  } catch (e) {
    throw new ColorizeError('invalid_image', `Could not decode the ${format.toUpperCase()}: ${(e as Error).message}`);
  }
}

export async function encodeImage(image: RgbaImage, format: ImageFormat, quality = 90): Promise<Uint8Array<ArrayBuffer>> {
  await init();
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const imageData = { width: image.width, height: image.height, data, colorSpace: 'srgb' } as ImageData;
  const out = format === 'jpeg' ? await encodeJpeg(imageData, { quality }) : await encodePng(imageData);
  return new Uint8Array(out);
}

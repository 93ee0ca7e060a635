import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import decodeJpeg, { init as initJpegDecode } from '@jsquash/jpeg/decode.js';
import encodeJpeg, { init as initJpegEncode } from '@jsquash/jpeg/encode.js';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode.js';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode.js';
import { ColorizeError, type RgbaImage } from '../index.js';

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

export type ImageFormat = 'jpeg' | 'png';

/** JPEG or PNG, judged from the bytes' signature rather than a file name. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  return undefined;
}

export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  await init();
  const format = sniffFormat(bytes);
  if (!format) throw new ColorizeError('invalid_image', 'Not a JPEG or PNG file.');
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

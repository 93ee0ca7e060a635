import { describe, expect, it } from 'vitest';
import { checkImage, headerSize, MAX_JPEG_SCANS, tooLarge } from './limits.js';

const bytes = (...b: (number | string)[]) => Uint8Array.from(b.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));
const seg = (marker: number, ...payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 255, ...payload];
/** A JPEG's markers (no real pixels): SOF (marker, w x h, components), `scans` scans of 3 bytes of data each, then EOI unless cut. */
function jpeg({ sof = 0xc2, width = 640, height = 480, components = 3, precision = 8, scans = 1, end = true } = {}): Uint8Array {
  const frame = seg(sof, precision, height >> 8, height & 255, width >> 8, width & 255, components, ...Array.from({ length: components }, (_, i) => [i + 1, 0x11, 0]).flat());
  const scan = [...seg(0xda, 1, 1, 0, 0, 63, 0), 0x12, 0xff, 0x00, 0x34];
  return Uint8Array.from([0xff, 0xd8, ...frame, ...Array.from({ length: scans }, () => scan).flat(), ...(end ? [0xff, 0xd9] : [])]);
}
const limits = { maxBytes: 1_000_000, maxPixels: 2_100_000 };
const refusal = (b: Uint8Array) => {
  try {
    checkImage(b, limits);
    return undefined;
  } catch (e) {
    const { status, message } = e as { status: number; message: string };
    return { status, message };
  }
};

describe('header sizes, read before decoding', () => {
  it('PNG IHDR and the three WebP headers', () => {
    expect(headerSize(bytes(0x89, 'PNG', 13, 10, 26, 10, 0, 0, 0, 13, 'IHDR', 0, 0, 1, 0, 0, 0, 0, 200), 'png')).toEqual({ width: 256, height: 200 });
    const riff = (chunk: string, ...rest: number[]) => bytes('RIFF', 0, 0, 0, 0, 'WEBP', chunk, 0, 0, 0, 0, ...rest);
    expect(headerSize(riff('VP8 ', 0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01), 'webp')).toEqual({ width: 640, height: 480 });
    expect(headerSize(riff('VP8L', 0x2f, 0x7f, 0xc0, 0x77, 0x00, 0, 0, 0, 0, 0), 'webp')).toEqual({ width: 128, height: 480 });
    expect(headerSize(riff('VP8X', 0, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0), 'webp')).toEqual({ width: 640, height: 480 });
    expect(headerSize(bytes(0x89, 'PNG', 13, 10, 26, 10), 'png')).toBeUndefined();
  });
});

describe('checkImage: refusals in a few milliseconds, each with its code', () => {
  it('takes a plain JPEG and a progressive one with as many scans as real encoders write', () => {
    expect(refusal(jpeg({ sof: 0xc0 }))).toBeUndefined();
    expect(refusal(jpeg({ scans: 10 }))).toBeUndefined();
    expect(refusal(jpeg({ scans: MAX_JPEG_SCANS }))).toBeUndefined();
    expect(checkImage(jpeg(), limits)).toEqual({ type: 'jpeg', size: { width: 640, height: 480 } });
  });

  it('a progressive JPEG with thousands of scans is image_too_complex (413), from its markers alone', () => {
    expect(refusal(jpeg({ width: 1448, height: 1448, scans: 30_000 }))).toMatchObject({ status: 413, message: expect.stringContaining('30000 scans') });
    expect(refusal(jpeg({ scans: MAX_JPEG_SCANS + 1 }))?.status).toBe(413);
  });

  it('empty, unknown type, cut short, damaged header, too many pixels, kinds the decoder lacks', async () => {
    const code = async (b: Uint8Array) => {
      try {
        checkImage(b, limits);
      } catch (e) {
        return ((await (e as { res: Response }).res.json()) as { error: { code: string } }).error.code;
      }
    };
    expect(await code(new Uint8Array(0))).toBe('empty_image');
    expect(await code(new Uint8Array(limits.maxBytes + 1))).toBe('body_too_large');
    expect(await code(bytes('GIF89a', 1, 0, 1, 0))).toBe('unsupported_type');
    expect(await code(jpeg({ end: false }))).toBe('invalid_image');
    expect(await code(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 'JFIF'))).toBe('invalid_image');
    expect(await code(jpeg({ width: 30000, height: 30000 }))).toBe('image_too_large');
    expect(await code(jpeg({ width: 4000, height: 3000 }))).toBe('image_too_large'); // a 12 MP phone photo
    expect(tooLarge({ width: 4000, height: 3000 }, 2_100_000)).toMatch(/^The image declares 4000x3000 pixels; the limit is 2.1 megapixels\. Send a copy at most 1449x1449 .*the Colorize SDK does this for you\.$/);
    expect(await code(jpeg({ sof: 0xc9 }))).toBe('unsupported_image');
    expect(await code(jpeg({ sof: 0xc3 }))).toBe('unsupported_image');
    expect(await code(jpeg({ sof: 0xc1, precision: 12 }))).toBe('unsupported_image');
    expect(await code(bytes('RIFF', 0, 0, 0, 0, 'WEBP', 'VP8X', 10, 0, 0, 0, 0x02, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0, 0))).toBe('unsupported_image');
  });
});

import { ColorizeError } from '@colorize/model';
import { decodeImage, DEFAULT_MODEL_DIR, loadColorizerFromDir } from '@colorize/model/node';
import { resizeRgba } from '@colorize/model/photo';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColorizeApiError } from './errors.js';
import { createLocalColorizer, type LocalColorizer, type Pixels } from './local.js';

const require = createRequire(import.meta.url);
const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;

let local: LocalColorizer;
let photo: Pixels;
beforeAll(async () => {
  local = await createLocalColorizer({ modelUrl: `file://${DEFAULT_MODEL_DIR}`, backends: ['wasm'] });
  photo = await decodeImage(await readFile(`${PHOTOS}bw-sample.jpg`)); // 256x256
});
afterAll(() => local?.dispose());

const same = (a: Pixels, b: Pixels) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength));

describe('local mode in Node, with the shipped model', () => {
  it('passes hints to the model: zero hints is the automatic answer, and a hint changes the colours', async () => {
    const plain = await local.colorizeToPixels(photo);
    expect(same(await local.colorizeToPixels(photo, { hints: [] }), plain)).toBe(true);
    const hinted = await local.colorizeToPixels(photo, { hints: [{ x: 128, y: 128, color: '#ff0000', size: 9 }] });
    expect([hinted.width, hinted.height]).toEqual([256, 256]);
    expect(same(hinted, plain)).toBe(false);
  });

  it('refuses a bad hint with a typed invalid_hints error naming it', async () => {
    const e = await local.colorizeToPixels(photo, { hints: [{ x: 10, y: 20, color: '#c0392b' }, { x: 300, y: 20, color: '#c0392b' }] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ColorizeApiError);
    expect(e).toBeInstanceOf(ColorizeError);
    expect(e).toMatchObject({ code: 'invalid_hints', message: expect.stringMatching(/^Hint 2: x must be a number from 0 to 255/) });
  });

  it('gives a photo larger than the model back at its own size, through a copy of the model\'s size, and leaves the caller\'s pixels alone', async () => {
    const big = resizeRgba(photo, 1500, 1000);
    const before = Buffer.from(big.data);
    const out = await local.colorizeToPixels(big, { hints: [{ x: 1400, y: 900, color: '#2e86c1', size: 60 }] });
    expect([out.width, out.height]).toEqual([1500, 1000]);
    expect(Buffer.from(big.data).equals(before)).toBe(true);
    // The model's own full-size merge of the same photo and point: the same but for the copy's 8-bit colour.
    const model = await loadColorizerFromDir();
    const direct = await model.colorize(big, { hints: [{ x: 1400, y: 900, color: '#2e86c1', size: 60 }] });
    model.dispose();
    let sum = 0;
    for (let i = 0; i < out.data.length; i++) sum += Math.abs(out.data[i]! - direct.data[i]!);
    expect(sum / out.data.length).toBeLessThan(0.3);
  }, 60_000);
});

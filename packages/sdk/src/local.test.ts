import { ColorizeError } from '@colorize/model';
import { decodeImage, DEFAULT_MODEL_DIR } from '@colorize/model/node';
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
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Colorizer, modelInput, placement } from './colorize.js';
import { ColorizeError } from '../errors.js';
import { checkHints, fullHex, hexColour, HINT_PATCH, hintAb, MAX_HINT_PATCH, MAX_HINTS, type Hint } from './hints.js';
import type { RgbaImage } from '../photo/image.js';
import { AB_SCALE, rgbaToLab, rgbaToLightness } from '../photo/lab.js';
import { decodeImage } from '../node/codecs.js';
import { loadColorizerFromDir } from '../node/index.js';
import { toGrey } from '../photo/sheet.js';
import { resizeRgba } from '../photo/image.js';
import { FIXTURES, fixturePhotos } from '../test-fixtures.js';
import { createGenerator } from '../network/unet.js';

const SIZE = 256;
const HINTS_MODEL = { size: SIZE, hints: true };
/** A tiny random model that takes hints, and one that does not. */
const hinted = new Colorizer(createGenerator({ ngf: 4, innermostNorm: false, hints: true, inChannels: 4 }, 9), { id: 'tiny-hints', version: '0' });
const plain = new Colorizer(createGenerator({ ngf: 4, innermostNorm: false }, 9), { id: 'tiny', version: '0' });

/** The mask channel of a hints model's input, within rows [from, to): its pixels at 1 as [row, column] and their box. */
function maskOf(input: Float32Array, from = 0, to = SIZE) {
  const on: [number, number][] = [];
  for (let i = from * SIZE; i < to * SIZE; i++) if (input[i * 4 + 3] === 1) on.push([Math.floor(i / SIZE), i % SIZE]);
  const rows = on.map(([r]) => r);
  const cols = on.map(([, c]) => c);
  return { on, top: Math.min(...rows), bottom: Math.max(...rows), left: Math.min(...cols), right: Math.max(...cols) };
}

const at = (input: Float32Array, row: number, col: number, channel: number) => input[(row * SIZE + col) * 4 + channel]!;

describe('hint colours', () => {
  it('are spelt one way: #rgb written out in lower case; 8-bit channels rounded and clamped', () => {
    expect(fullHex('#F0a')).toBe('#ff00aa');
    expect(fullHex('#C0392B')).toBe('#c0392b');
    expect(hexColour(192.4, 57.6, -3)).toBe('#c03a00');
    expect(hexColour(255.6, 0, 15)).toBe('#ff000f');
    expect(hintAb('#f00')).toEqual(hintAb('#FF0000'));
  });
});

describe('checkHints', () => {
  const ok: Hint = { x: 10, y: 20, color: '#c0392b' };
  it('takes good hints as they are: #rgb and #rrggbb, any case, fractional pixels, a size', () => {
    const good = [ok, { x: 0, y: 0, color: '#ABC' }, { x: 639.5, y: 479.9, color: '#00ff7F', size: 640 }];
    expect(checkHints(good, 640, 480)).toEqual(good);
    expect(checkHints([], 640, 480)).toEqual([]);
    expect(checkHints(new Array(MAX_HINTS).fill(ok), 640, 480)).toHaveLength(MAX_HINTS);
  });

  it('refuses each rule it has with invalid_hints and a message naming the hint', () => {
    const third = (bad: unknown) => [ok, ok, bad];
    const cases: [unknown, RegExp][] = [
      ['#c0392b', /^Hints must be a list/],
      [{ x: 1, y: 1, color: '#fff' }, /^Hints must be a list/],
      [new Array(MAX_HINTS + 1).fill(ok), /^At most 64 hints per image, got 65\./],
      [third(null), /^Hint 3 must be an object like/],
      [third([1, 2, '#fff']), /^Hint 3 must be an object/],
      [third({ ...ok, weight: 2, note: 'x' }), /^Hint 3 has a field hints do not take: weight, note/],
      [third({ ...ok, x: -1 }), /^Hint 3: x must be a number from 0 to 639, inside the image \(640x480\), got -1\./],
      [third({ ...ok, x: 640 }), /^Hint 3: x must be a number from 0 to 639/],
      [third({ ...ok, x: '10' }), /^Hint 3: x must be a number .* got "10"\./],
      [third({ ...ok, x: Number.NaN }), /^Hint 3: x must be a number/],
      [third({ y: 1, color: '#fff' }), /^Hint 3: x must be a number/],
      [third({ ...ok, y: 480 }), /^Hint 3: y must be a number from 0 to 479, inside the image \(640x480\), got 480\./],
      [third({ ...ok, y: Number.POSITIVE_INFINITY }), /^Hint 3: y must be a number/],
      [third({ ...ok, color: 'red' }), /^Hint 3: color must be a hex colour like "#c0392b", got "red"\./],
      [third({ ...ok, color: '#12345' }), /^Hint 3: color must be a hex colour/],
      [third({ ...ok, color: 'c0392b' }), /^Hint 3: color must be a hex colour/],
      [third({ ...ok, color: 0xc0392b }), /^Hint 3: color must be a hex colour/],
      [third({ ...ok, size: 0 }), /^Hint 3: size must be a number of pixels from 1 to 640, got 0\./],
      [third({ ...ok, size: 641 }), /^Hint 3: size must be a number of pixels from 1 to 640/],
      [third({ ...ok, size: '5' }), /^Hint 3: size must be a number of pixels/],
    ];
    for (const [hints, message] of cases) {
      const e = (() => {
        try {
          checkHints(hints, 640, 480);
        } catch (x) {
          return x;
        }
      })();
      expect(e, JSON.stringify(hints)).toBeInstanceOf(ColorizeError);
      expect(e, JSON.stringify(hints)).toMatchObject({ code: 'invalid_hints', message: expect.stringMatching(message) });
    }
  });
});

describe('hints in the model\'s input', () => {
  it('lands a hint where the user put it on a 400x200 photo: placed, then padded, its colour in a* and b*', async () => {
    const photo = resizeRgba((await fixturePhotos())[2]!.image, 400, 200);
    const place = placement(400, 200, SIZE);
    expect(place).toEqual({ width: 256, height: 128, top: 64, left: 0 });
    const hint = { x: 300, y: 50, color: '#c0392b' };
    const { input } = modelInput(photo, HINTS_MODEL, [hint]);
    const inPhoto = (hints: Hint[]) => maskOf(modelInput(photo, HINTS_MODEL, hints).input, place.top, place.top + place.height);
    const mask = inPhoto([hint]);
    expect(mask.on).toHaveLength(HINT_PATCH * HINT_PATCH);
    // The patch's centre is the hint pixel's centre, scaled by 256/400 and moved down by the padding.
    const scale = place.width / 400;
    expect(Math.abs((mask.left + mask.right + 1) / 2 - ((hint.x + 0.5) * scale + place.left))).toBeLessThanOrEqual(0.5);
    expect(Math.abs((mask.top + mask.bottom + 1) / 2 - ((hint.y + 0.5) * scale + place.top))).toBeLessThanOrEqual(0.5);
    const [a, b] = hintAb(hint.color);
    for (const [r, c] of mask.on) expect([at(input, r, c, 1), at(input, r, c, 2)]).toEqual([Math.fround(a / AB_SCALE), Math.fround(b / AB_SCALE)]);
    // The border above mirrors the photo's top 64 rows, this patch's included; elsewhere the hint planes are empty.
    const mirrored = maskOf(input, 0, place.top);
    expect([mirrored.on.length, mirrored.top, mirrored.bottom, mirrored.left]).toEqual([HINT_PATCH * HINT_PATCH, 2 * place.top - mask.bottom, 2 * place.top - mask.top, mask.left]);
    expect(maskOf(input, place.top + place.height).on).toEqual([]);
    expect(at(input, 100, 10, 1)).toBe(0);
    // A size in image pixels scales with the photo, up to MAX_HINT_PATCH in the model's input.
    expect(inPhoto([{ ...hint, size: 10 }]).on).toHaveLength(Math.round(10 * scale) ** 2);
    expect(inPhoto([{ ...hint, size: 100 }]).on).toHaveLength(MAX_HINT_PATCH ** 2);
  });

  it('mirrors a hint at the photo\'s edge into the reflected border, as the pixels under it are', async () => {
    const photo = resizeRgba((await fixturePhotos())[2]!.image, 400, 200);
    const { input } = modelInput(photo, HINTS_MODEL, [{ x: 200, y: 0, color: '#2e86c1' }]);
    const { top, left, right } = maskOf(input);
    // The photo starts at row 64; the patch covers its rows 0-4, mirrored (edge not repeated) into rows 60-63.
    expect(top).toBe(60);
    for (let r = 60; r < 69; r++) expect(at(input, r, left, 3), `row ${r}`).toBe(1);
    expect(at(input, 59, left, 3)).toBe(0);
    // At the right and bottom edges too the patch stays whole, moved inside as at the top.
    const corner = maskOf(modelInput(photo, HINTS_MODEL, [{ x: 399, y: 199, color: '#2e86c1' }]).input, 64, 192);
    expect(corner.on).toHaveLength(HINT_PATCH * HINT_PATCH);
    // The border's L* mirrors the photo's the same way, so hint and pixels stay together.
    for (let r = 60; r < 64; r++) expect(at(input, r, right, 0)).toBe(at(input, 128 - r, right, 0));
  });

  it('places a hint in the upright picture of an EXIF-rotated photo (decodePhoto applies the orientation)', async () => {
    const rotated = await decodeImage(await readFile(`${FIXTURES}photos/exif-orientation-6.jpg`));
    const upright = await decodeImage(await readFile(`${FIXTURES}photos/exif-orientation-6.upright.jpg`));
    expect([rotated.width, rotated.height]).toEqual([192, 256]); // stored 256x192
    const hint = { x: 150, y: 40, color: '#c0392b' };
    const { input, place } = modelInput(rotated, HINTS_MODEL, [hint]);
    expect(place).toEqual({ width: 192, height: 256, top: 0, left: 32 });
    const mask = maskOf(input);
    expect([(mask.left + mask.right + 1) / 2, (mask.top + mask.bottom + 1) / 2]).toEqual([hint.x + 0.5 + place.left, hint.y + 0.5]);
    // The L* beside the mask is the upright photo's (the same crop encoded upright), not the stored one's.
    const lightness = rgbaToLightness(upright.data, 192 * 256);
    let diff = 0;
    for (let y = 0; y < 256; y++) for (let x = 0; x < 192; x++) diff += Math.abs((at(input, y, x + 32, 0) + 1) * 50 - lightness[y * 192 + x]!);
    expect(diff / (192 * 256)).toBeLessThan(1.5);
  });
});

describe('colorize() with hints', () => {
  it('zero hints is the automatic mode, byte for byte, for a model with hints and one without', async () => {
    const photo = resizeRgba((await fixturePhotos())[0]!.image, 300, 200);
    for (const model of [hinted, plain]) {
      const automatic = await model.colorize(photo);
      expect(Buffer.from((await model.colorize(photo, { hints: [] })).data).equals(Buffer.from(automatic.data))).toBe(true);
    }
    // And a hint does reach the model that takes them.
    const withHint = await hinted.colorize(photo, { hints: [{ x: 150, y: 100, color: '#2e86c1' }] });
    expect(Buffer.from(withHint.data).equals(Buffer.from((await hinted.colorize(photo)).data))).toBe(false);
  });

  it('refuses hints for a model without them, and bad hints for one with them, with invalid_hints', async () => {
    const photo = (await fixturePhotos())[0]!.image;
    await expect(plain.colorize(photo, { hints: [{ x: 1, y: 1, color: '#c0392b' }] })).rejects.toMatchObject({ code: 'invalid_hints', message: expect.stringMatching(/trained without colour hints/) });
    await expect(hinted.colorize(photo, { hints: [{ x: 256, y: 1, color: '#c0392b' }] })).rejects.toMatchObject({ code: 'invalid_hints', message: expect.stringMatching(/^Hint 1: x must be/) });
  });
});

/** Mean a*b* of an image over a square window centred at (x, y). */
function meanAb(image: RgbaImage, x: number, y: number, radius: number): [number, number] {
  let [a, b, n] = [0, 0, 0];
  for (let r = y - radius; r <= y + radius; r++) {
    const lab = rgbaToLab(image.data.subarray((r * image.width + x - radius) * 4, (r * image.width + x + radius + 1) * 4), 2 * radius + 1);
    for (let i = 0; i < lab.length; i += 3) [a, b, n] = [a + lab[i + 1]!, b + lab[i + 2]!, n + 1];
  }
  return [a / n, b / n];
}

// These need the shipped model to be one trained with hints (models/default, see its card).
describe('the shipped model follows a hint', () => {
  it('a red hint on a plain grey carpet turns the carpet around it red, and leaves far regions nearly as they were', async () => {
    const shipped = await loadColorizerFromDir();
    try {
    // The cat photo's plain carpet, grey (the model alone colours it a dull grey-green); the hint
    // sits in its middle, the cat's face is far away.
    const grey = toGrey((await fixturePhotos()).find((p) => p.name.startsWith('gcompris-qt-data__cat'))!.image);
    const hint = { x: 70, y: 130, color: '#c0392b' };
    const automatic = await shipped.colorize(grey);
    const guided = await shipped.colorize(grey, { hints: [hint] });
    const [ha, hb] = hintAb(hint.color);
    const hue = (a: number, b: number) => Math.atan2(b, a);
    // Around the hint (a 21x21 window, four times the hint's patch): the hint's hue, at half its chroma or more.
    const [a, b] = meanAb(guided, hint.x, hint.y, 10);
    expect(Math.abs(hue(a, b) - hue(ha, hb))).toBeLessThan(Math.PI / 6);
    expect(Math.hypot(a, b)).toBeGreaterThan(0.5 * Math.hypot(ha, hb));
    const [a0, b0] = meanAb(automatic, hint.x, hint.y, 10);
    expect(Math.hypot(a - ha, b - hb)).toBeLessThan(Math.hypot(a0 - ha, b0 - hb) / 2);
    // The cat's face, 150 pixels away and another surface, nearly as it was: under 5 a*b* units (one
    // just-noticeable step is about 2.3) and under a tenth of the carpet's change. The shipped model
    // moves it 2.7 against 48.3 at the hint; the one before recolouring training moved it 12.8.
    const [fa, fb] = meanAb(guided, 215, 50, 12);
    const [fa0, fb0] = meanAb(automatic, 215, 50, 12);
    const far = Math.hypot(fa - fa0, fb - fb0);
    expect(far).toBeLessThan(5);
    expect(far).toBeLessThan(Math.hypot(a - a0, b - b0) / 10);
    } finally {
      shipped.dispose();
    }
  });
});

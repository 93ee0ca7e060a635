import { describe, expect, it } from 'vitest';
import { Colorizer, placement } from '../inference/colorize.js';
import { checkHints, hintAb, hintPlanes } from '../inference/hints.js';
import { labToXyz, srgbToLab, xyzToLinearRgb } from '../photo/lab.js';
import '../node/index.js';
import { seededRandom } from '../rng.js';
import { fixturePhotos } from '../test-fixtures.js';
import { createGenerator } from '../network/unet.js';
import { evaluate } from './evaluate.js';
import { EVAL_HINT_SIZE, sampleHints } from './sample-hints.js';

describe('hints sampled from the truth, for evaluation', () => {
  it('covers exactly the sampled 6x6 patch of a 256x256 crop, in its mean colour: the hex costs under 1 unit of a*b* in gamut', async () => {
    const photos = await fixturePhotos();
    let worst = 0;
    let clipped = 0;
    let total = 0;
    for (const { image } of photos) {
      const hints = checkHints(sampleHints(image, 64, seededRandom(4)), 256, 256);
      expect(hints).toHaveLength(64);
      for (const h of hints) {
        expect(h.size).toBe(EVAL_HINT_SIZE);
        const [left, top] = [h.x - 2.5, h.y - 2.5];
        expect(Number.isInteger(left) && Number.isInteger(top) && left >= 0 && top >= 0 && left + 6 <= 256 && top + 6 <= 256).toBe(true);
        // Mapped as colorize() maps hints (a 256x256 crop fills the model's square): exactly the patch.
        const [, , mask] = hintPlanes([h], 256, 256, placement(256, 256, 256), (p) => p);
        const covered = [...mask.keys()].filter((i) => mask[i] === 1);
        expect(covered).toEqual(Array.from({ length: 36 }, (_, k) => (top + Math.floor(k / 6)) * 256 + left + (k % 6)));
        // The patch's mean L*a*b*, pixel by pixel through the exact conversion.
        const mean = [0, 0, 0];
        for (const i of covered) {
          srgbToLab(image.data[i * 4]! / 255, image.data[i * 4 + 1]! / 255, image.data[i * 4 + 2]! / 255).forEach((v, c) => (mean[c]! += v / 36));
        }
        const [a, b] = hintAb(h.color);
        total++;
        const linear = xyzToLinearRgb(...labToXyz(mean[0]!, mean[1]!, mean[2]!));
        if (linear.some((c) => c < 0 || c > 1)) {
          clipped++;
          continue;
        }
        worst = Math.max(worst, Math.abs(a - mean[1]!), Math.abs(b - mean[2]!));
      }
    }
    // Measured: 8-bit rounding moves a*b* by at most 0.52 here (0.61 over 301 training crops); out-of-gamut means are rare.
    expect(worst).toBeLessThan(1);
    expect(clipped / total).toBeLessThan(0.05);
  });

  it('is seeded, and the sides shrink to fit a small photo', async () => {
    const { image } = (await fixturePhotos())[0]!;
    expect(sampleHints(image, 5, seededRandom(1))).toEqual(sampleHints(image, 5, seededRandom(1)));
    expect(sampleHints(image, 5, seededRandom(1))).not.toEqual(sampleHints(image, 5, seededRandom(2)));
    const tiny = { width: 4, height: 3, data: new Uint8ClampedArray(48).fill(200) };
    const [h] = sampleHints(tiny, 1, seededRandom(1));
    expect(checkHints([h], 4, 3)).toEqual([{ x: h!.x, y: 1, color: '#c8c8c8', size: 3 }]);
  });

  it('evaluate(): no hints is the automatic evaluation exactly; n hints per photo reach a hints model, the same for a photo whatever else is evaluated', async () => {
    const photos = (await fixturePhotos()).map(({ name, image }) => ({ file: name, image }));
    const plain = new Colorizer(createGenerator({ ngf: 4, innermostNorm: false }, 9), { id: 'plain', version: '0' });
    const automatic = await evaluate(plain, photos);
    expect(await evaluate(plain, photos, { hints: 0, seed: 3 })).toEqual({ ...automatic, seed: 3 });
    expect(automatic).toMatchObject({ hints: 0, seed: 0 });
    await expect(evaluate(plain, photos, { hints: 2 })).rejects.toMatchObject({ code: 'invalid_hints' });
    plain.dispose();

    const hinted = new Colorizer(createGenerator({ ngf: 4, innermostNorm: false, hints: true, inChannels: 4 }, 9), { id: 'hinted', version: '0' });
    const none = await evaluate(hinted, photos);
    const some = await evaluate(hinted, photos, { hints: 8, seed: 1 });
    expect(some).toMatchObject({ hints: 8, seed: 1 });
    expect(some.rows.every((r) => r.hints?.length === 8)).toBe(true);
    expect(some.model.psnr).not.toBe(none.model.psnr); // the hints reached the (random) network
    const alone = await evaluate(hinted, photos.slice(2), { hints: 8, seed: 1 });
    expect(alone.rows).toEqual(some.rows.slice(2));
    hinted.dispose();
  });
});

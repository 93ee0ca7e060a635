import { describe, expect, it } from 'vitest';
import { evaluate } from './metrics/index.js';
import { loadColorizerFromDir } from './node/index.js';
import { fixturePhotos } from './test-fixtures.js';

// The shipped model against the bar, on the committed photos of the validation split
// (never trained on). The full figures over 234 validation crops are in MODEL_CARD.md.
describe('the shipped default model', () => {
  it('beats the grey baseline in PSNR with at least 60 % of the truth\'s colourfulness', async () => {
    const colorizer = await loadColorizerFromDir();
    const photos = (await fixturePhotos()).map(({ name, image }) => ({ file: name, image }));
    const result = await evaluate(colorizer, photos);
    colorizer.dispose();
    expect(result.photos).toBe(4);
    expect(result.model.psnr).toBeGreaterThan(result.grey.psnr);
    expect(result.model.colourfulness).toBeGreaterThanOrEqual(0.6 * result.truthColourfulness);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate } from './metrics/index.js';
import { loadColorizerFromDir } from './node/index.js';
import { fixturePhotos } from './test-fixtures.js';

// The shipped model against the bar, on photos from whole packages it never trained on
// (fixtures/holdout: one crop of each of their 31 source photos). The figures over all 300 crops
// of those packages, and over the photo-level split, are in MODEL_CARD.md.
describe('the shipped default model', () => {
  it("beats the grey baseline in PSNR with at least 60 % of the truth's colourfulness, on sources it never saw", async () => {
    const colorizer = await loadColorizerFromDir();
    try {
      const photos = (await fixturePhotos('holdout')).map(({ name, image }) => ({ file: name, image }));
      const result = await evaluate(colorizer, photos);
      expect(result.photos).toBe(31);
      expect(result.model.psnr).toBeGreaterThan(result.grey.psnr);
      expect(result.model.colourfulness).toBeGreaterThanOrEqual(0.6 * result.truthColourfulness);
    } finally {
      colorizer.dispose();
    }
  });
});

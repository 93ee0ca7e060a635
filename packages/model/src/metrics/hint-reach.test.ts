import { describe, expect, it } from 'vitest';
import { Colorizer } from '../colorize.js';
import { loadColorizerFromDir } from '../node/index.js';
import { fixturePhotos } from '../test-fixtures.js';
import { createGenerator } from '../unet.js';
import { hintReach } from './hint-reach.js';

describe('how far one hint reaches (eval --reach)', () => {
  it("measures the shipped model's hint moving colours near it more than far from it, the same for the same seed", async () => {
    const shipped = await loadColorizerFromDir();
    try {
      const photos = (await fixturePhotos('holdout')).slice(0, 4).map(({ name, image }) => ({ file: name, image }));
      const reach = await hintReach(shipped, photos, 1);
      expect(reach.photos).toBe(4);
      expect(reach.near).toBeGreaterThan(2 * reach.far);
      expect(await hintReach(shipped, photos, 1)).toEqual(reach);
      expect(await hintReach(shipped, photos, 2)).not.toEqual(reach);
    } finally {
      shipped.dispose();
    }
  });

  it('refuses a model without hints and an empty set of photos', async () => {
    const plain = new Colorizer(createGenerator({ ngf: 4, innermostNorm: false }, 9), { id: 'tiny', version: '0' });
    const photos = (await fixturePhotos()).slice(0, 1).map(({ name, image }) => ({ file: name, image }));
    await expect(hintReach(plain, photos)).rejects.toMatchObject({ code: 'invalid_hints' });
    await expect(hintReach(plain, [])).rejects.toMatchObject({ code: 'invalid_option' });
    plain.dispose();
  });
});

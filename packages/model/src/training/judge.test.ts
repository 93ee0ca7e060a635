import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../inference/weights.js';
import { worldPhotos } from '../node/finetune.js';
import { DEFAULT_MODEL_DIR } from '../node/index.js';
import { fixturePhotos } from '../test-fixtures.js';
import { keeps, splitForJudging, STRIP_KEEP, STRIPS_BELOW, worldAllows, type HeldOutScores } from './judge.js';
import { createTrainingSession } from './session.js';

const at = (psnr: number, colourfulness = 0.6): HeldOutScores => ({ psnr, ciede2000: 10, colourfulness, views: [] });

describe("the person's judge", () => {
  it('holds out a strip of every photo when there are few, and trains on the rest of each', async () => {
    const photos = await fixturePhotos();
    expect(photos.length).toBeLessThan(STRIPS_BELOW);
    const split = await splitForJudging(photos, 256, 1 / 3);
    expect(split.mode).toBe('strips');
    expect(split.heldOutNames).toEqual(photos.map((p) => p.name));
    expect(split.train).toHaveLength(photos.length);
    for (const [i, { image }] of photos.entries()) {
      const t = split.train[i]!;
      // Two thirds of one side kept, the other side whole: the strip is the rest, never trained on.
      const kept = t.width === image.width ? t.height / image.height : t.width / image.width;
      expect(Math.abs(kept - STRIP_KEEP)).toBeLessThan(0.01);
      expect(t.width === image.width || t.height === image.height).toBe(true);
    }
    // One view of each photo's strip (three each would be more than nine views).
    expect(split.views).toHaveLength(photos.length);
    expect(split.views[0]!.truth.width).toBe(256);
  });

  it('holds out whole photos from ten photos on, and nothing when asked for none', async () => {
    const [a, b] = await fixturePhotos();
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `album__photo-${i}__1.jpg`, image: (i % 2 ? a : b)!.image }));
    const split = await splitForJudging(many, 64, 1 / 3);
    expect(split.mode).toBe('photos');
    expect(split.heldOutNames.length).toBe(4);
    expect(split.train.length).toBe(8);
    const none = await splitForJudging(many, 64, 0);
    expect([none.mode, none.heldOutNames.length, none.train.length]).toEqual(['none', 0, 12]);
  });
});

describe('the keep rule', () => {
  it("keeps a step better on the person's photos than the best so far, that the world's judge allows", () => {
    const start = { person: at(20), world: at(22, 0.5) };
    expect(keeps({ person: at(20.1), world: at(22, 0.5) }, start, start)).toBe(true);
    expect(keeps({ person: at(20), world: at(22.5, 0.6) }, start, start)).toBe(false); // not better on yours
    expect(keeps({ person: at(21), world: at(21.71, 0.5) }, start, start)).toBe(true); // 0.29 dB worse on the world: allowed
    expect(keeps({ person: at(21), world: at(21.69, 0.5) }, start, start)).toBe(false); // 0.31 dB worse: refused
    expect(keeps({ person: at(21), world: at(22, 0.44) }, start, start)).toBe(false); // under 90 % of the start's colour
    expect(keeps({ person: at(21), world: at(22, 0.46) }, { person: at(21.5), world: at(22) }, start)).toBe(false); // not better than the kept best
    // A new model's random start sets no standard for the world.
    expect(keeps({ person: at(14), world: at(10, 0.1) }, { person: at(13) })).toBe(true);
    expect(worldAllows(at(21.8, 0.46), at(22, 0.5))).toBe(true);
  });
});

describe("the world's judge", () => {
  it('refuses the steps of a run at lr 1e-3 that forgets how to colour other photos, and keeps one it allows', async () => {
    const before = tf.memory().numTensors;
    const { model } = await loadModel(`file://${DEFAULT_MODEL_DIR}`);
    const photos = (await fixturePhotos()).slice(0, 2);
    const session = await createTrainingSession({
      start: { kind: 'fine-tune', model }, photos, world: await worldPhotos(), recipe: { learningRate: 1e-3, steps: 9, evaluateEvery: 3 }, seed: 1,
    });
    const start = session.world!.before;
    const refused: number[] = [];
    await session.run({ onPreview: (p) => void (p.world && !worldAllows(p.world, start) && refused.push(p.step)) });
    // The run forgets (else this test would test nothing)...
    expect(refused.length).toBeGreaterThan(0);
    // ...and what is kept colours the world as the start did, within the rule.
    expect(refused).not.toContain(session.best.step);
    expect(worldAllows(session.world!.best, start)).toBe(true);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);
});

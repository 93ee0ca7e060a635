import { describe, expect, it } from 'vitest';
import { resultWords } from './studio-result';

describe('resultWords: what a studio run learned, in words', () => {
  it('gives the gain on unseen parts of the photos and names the kept step', () => {
    const w = resultWords({ step: 90, start: 'shipped', yours: { before: 18.25, best: 19.63 } });
    expect(w.learned).toBe('On unseen parts of your photos: +1.4 dB (closer to the real colours).');
    expect(w.kept).toBe("Kept step 90: the best on unseen parts of your photos. Export and Try use that step's model.");
    expect(w.advice).toBeUndefined();
  });

  it('adds the world judge\'s figure and why the step was kept, when there is one', () => {
    const w = resultWords({ step: 90, start: 'shipped', yours: { before: 18.25, best: 19.63 }, world: { before: 20.34, best: 20.26 } });
    expect(w.learned).toBe('On unseen parts of your photos: +1.4 dB (closer to the real colours). On other photos: -0.1 dB.');
    expect(w.kept).toContain('Kept step 90: the best on unseen parts of your photos that still colours other photos as before.');
  });

  it('says when nothing was learned from the default model, why, and what to add', () => {
    const w = resultWords({ step: 0, start: 'shipped', yours: { before: 22.9, best: 22.9 }, world: { before: 20.3, best: 20.3 } });
    expect(w.learned).toBe('On unseen parts of your photos: +0.0 dB (no closer to the real colours). On other photos: +0.0 dB.');
    expect(w.kept).toMatch(/^Kept the default model \(step 0\): no step coloured the unseen parts of your photos better than it without colouring other photos worse/);
    expect(w.advice).toContain('more photos of the same places or people');
  });

  it('says a loss as a loss, and a new model with nothing kept yet asks for more steps', () => {
    expect(resultWords({ step: 3, start: 'new', yours: { before: 12, best: 11.7 } }).learned).toBe('On unseen parts of your photos: -0.3 dB (further from the real colours).');
    const w = resultWords({ step: 0, start: 'new', yours: { before: 9, best: 9 } });
    expect(w.kept).toContain('Kept the starting model (step 0)');
    expect(w.advice).toContain('Train more steps');
  });
});

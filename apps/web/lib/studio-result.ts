/**
 * What a studio run learned, in words a person reads at the end: the judges' figures and which
 * model they have and why. Pure, so each case is tested without a browser.
 */

/** One judge's closeness to the real colours (PSNR, dB): the starting model and the kept one. */
export interface JudgePair {
  before: number;
  best: number;
}

export interface RunResult {
  /** The kept step: 0 is the starting model. */
  step: number;
  /** What the run started from: the shipped (default) model, or a new one (random colours). */
  start: 'shipped' | 'new';
  /** The person's judge: parts of their photos the run never trained on. */
  yours: JudgePair;
  /** The world's judge, when the session has one: photos from other sources. */
  world?: JudgePair;
}

export interface ResultWords {
  /** The figures: "On unseen parts of your photos: +1.4 dB (closer to the real colours)." */
  learned: string;
  /** Which model the person has and why. */
  kept: string;
  /** What to do when nothing was learned. */
  advice?: string;
}

/** A change in dB to one decimal, signed ("+1.4 dB", "-0.1 dB"). */
function change({ before, best }: JudgePair): { text: string; sign: number } {
  const d = Math.round((best - before) * 10) / 10;
  return { text: `${d >= 0 ? '+' : '-'}${Math.abs(d).toFixed(1)} dB`, sign: Math.sign(d) };
}

export function resultWords({ step, start, yours, world }: RunResult): ResultWords {
  const mine = change(yours);
  const closer = mine.sign > 0 ? 'closer to' : mine.sign < 0 ? 'further from' : 'no closer to';
  const learned = `On unseen parts of your photos: ${mine.text} (${closer} the real colours).${world ? ` On other photos: ${change(world).text}.` : ''}`;
  if (step > 0) {
    const why = `the best on unseen parts of your photos${world ? ' that still colours other photos as before' : ''}`;
    return { learned, kept: `Kept step ${step}: ${why}. Export and Try use that step's model.` };
  }
  if (start === 'new') {
    return {
      learned,
      kept: 'Kept the starting model (step 0): no step has coloured the unseen parts of your photos better yet.',
      advice: 'Train more steps, or add more photos of the same places or people.',
    };
  }
  return {
    learned,
    kept: `Kept the default model (step 0): no step coloured the unseen parts of your photos better than it${world ? ' without colouring other photos worse' : ''}, so nothing was learned that would help.`,
    advice: 'Add more photos of the same places or people as the black-and-white ones you want to colorize, then train again.',
  };
}

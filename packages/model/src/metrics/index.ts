/** @colorize/model/metrics: how close a colorized photo is to the truth, how colourful, and sheets to look at them side by side. */
export { psnr } from './psnr.js';
export { ssim } from './ssim.js';
export { ciede2000, meanCiede2000 } from './ciede2000.js';
export { colourfulness } from './colourfulness.js';
export { chroma, chromaNoiseShare, CHROMA_NOISE_SIGMA, type Chroma } from './chroma-noise.js';
export { evaluate, summarize, type EvaluateOptions, type Evaluation, type EvaluatedPhoto, type Scores, type Summary } from './evaluate.js';
export { EVAL_HINT_SIZE, sampleHints } from './sample-hints.js';
export { hintReach, REACH_COLOURS, REACH_FAR, REACH_NEAR, type HintReach } from './hint-reach.js';
export { tileSheet, toGrey } from '../photo/sheet.js';

/** @colorize/model/metrics: how close a colorized photo is to the truth, and how colourful. */
export { psnr } from './psnr.js';
export { ssim } from './ssim.js';
export { ciede2000, meanCiede2000 } from './ciede2000.js';
export { colourfulness } from './colourfulness.js';
export { evaluate, type Evaluation, type EvaluatedPhoto, type Scores } from './evaluate.js';

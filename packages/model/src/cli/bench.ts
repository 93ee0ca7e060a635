/**
 * npm run bench -w packages/model [-- --ngf 64,16 --size 256 --reps 3 --backend wasm --normalization moving]
 *
 * Prints the time of one training step (batch 1) and of one colorization at that size
 * (generator with the plain layers and with the fast-inference rewrite, and the whole
 * colorize() call, with its chroma filter and without) for each width. Random weights: the time does not depend on them; the BatchNorm
 * mode at inference does (default 'moving', as the shipped model runs; 'batch' computes moments).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Colorizer } from '../inference/colorize.js';
import { fastGenerator } from '../inference/fast-inference.js';
import { disposeParams } from '../network/params.js';
import { createDiscriminator } from '../network/patchgan.js';
import { createTrainer } from '../training/train-step.js';
import { createGenerator } from '../network/unet.js';
import { useNodeBackend, type NodeBackend } from '../node/index.js';
import { registerWasmTrainingKernels } from '../training/wasm-kernels.js';
import { cliArgs, fail, numberArg } from './args.js';

const { values } = cliArgs('usage: npm run bench -w packages/model -- [--ngf 64,16] [--size 256] [--reps n] [--backend wasm|cpu] [--normalization moving|batch]', {
  ngf: { type: 'string' }, size: { type: 'string' }, reps: { type: 'string' }, backend: { type: 'string' }, normalization: { type: 'string' },
});
const size = numberArg('size', values.size, 256, 32, 512);
const depth = Math.log2(size);
const reps = numberArg('reps', values.reps, 3, 1, 100);
registerWasmTrainingKernels();
const backend = await useNodeBackend((values.backend ?? 'wasm') as NodeBackend);
const widths = (values.ngf ?? '64,16').split(',').map(Number);
const normalization = values.normalization ?? 'moving';
if (normalization !== 'moving' && normalization !== 'batch') fail(`--normalization must be moving or batch, not ${normalization}.`);

async function median(f: () => Promise<unknown> | unknown): Promise<number> {
  await f(); // warm-up: kernels, shader or weight caches
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

console.log(`backend ${backend}, ${size}x${size}, batch 1, ${normalization} normalization at inference, median of ${reps} after a warm-up (ms)`);
console.log('ngf/ndf   train step   G plain   G fast   colorize()   without the chroma filter');
for (const ngf of widths) {
  const g = createGenerator({ ngf, size, depth, innermostNorm: false, normalization });
  const d = createDiscriminator({ ndf: ngf });
  const trainer = createTrainer(g, d);
  const x = tf.randomUniform([1, size, size, 1], -1, 1) as tf.Tensor4D;
  const y = tf.randomUniform([1, size, size, 2], -1, 1) as tf.Tensor4D;
  const step = await median(() => trainer.step(x, y));
  const plain = await median(() => tf.tidy(() => g.apply(x)).data());
  const fast = fastGenerator(g);
  const fastMs = await median(() => tf.tidy(() => fast.apply(x)).data());
  const colorizer = new Colorizer(g, { id: 'bench', version: '0' });
  const image = { width: size, height: size, data: new Uint8ClampedArray(size * size * 4).fill(128) };
  const whole = await median(() => colorizer.colorize(image));
  const unfiltered = await median(() => colorizer.colorize(image, { chromaFilter: false }));
  console.log(`${String(ngf).padStart(4)}/${String(ngf).padEnd(4)} ${step.toFixed(0).padStart(10)} ${plain.toFixed(1).padStart(9)} ${fastMs.toFixed(1).padStart(8)} ${whole.toFixed(1).padStart(12)} ${unfiltered.toFixed(1).padStart(12)}`);
  trainer.dispose();
  fast.dispose();
  colorizer.dispose();
  disposeParams(d.params);
  tf.dispose([x, y]);
}

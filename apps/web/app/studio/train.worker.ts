/// <reference lib="webworker" />
// The studio's training runs here, off the page's thread: the real pix2pix step from
// @colorize/model on the best backend this browser offers (webgpu, webgl, wasm, cpu).
import * as tf from '@tensorflow/tfjs-core';
import { loadColorizer, type Colorizer, type RgbaImage } from '@colorize/model';
import { colourfulness, psnr } from '@colorize/model/metrics';
import {
  colorizeWith, createDiscriminator, createGenerator, createTrainer, fastGenerator, fromSingleFile, loadCheckpoint, loadModel,
  normalizationFor, saveCheckpoint, seededRandom, toGrey, toSingleFile, trainingBatch, type TrainingState,
} from '@colorize/model/training';
import { trainingBackend } from '../../lib/backend';
import { MODEL_URL } from '../../lib/config';
import { CHECKPOINT_URL, type FromWorker, type StudioSettings, type ToWorker } from '../../lib/studio-protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const toImageData = (im: RgbaImage) => new ImageData(new Uint8ClampedArray(im.data), im.width, im.height);

let state: TrainingState | undefined;
let settings: StudioSettings;
let train: RgbaImage[] = [];
let val: RgbaImage[] = [];
let running = false;
let tryModel: Colorizer | undefined;
let random = seededRandom(0);

async function build(s: StudioSettings): Promise<TrainingState> {
  const options = { learningRate: s.learningRate, lambda: s.lambda };
  if (s.start === 'shipped' && s.size === 256) {
    const { model } = await loadModel(MODEL_URL);
    const discriminator = createDiscriminator({ ndf: 16 });
    const metadata = { ...model.metadata, id: 'colorize-studio', version: new Date().toISOString() };
    return { model: { generator: model.generator, discriminator, metadata }, trainer: createTrainer(model.generator, discriminator, options) };
  }
  const generator = createGenerator({ size: s.size, depth: Math.log2(s.size), ngf: s.ngf, innermostNorm: false, normalization: normalizationFor(s.batch) });
  const discriminator = createDiscriminator({ ndf: s.ngf });
  const metadata = { id: 'colorize-studio', version: new Date().toISOString() };
  return { model: { generator, discriminator, metadata }, trainer: createTrainer(generator, discriminator, options) };
}

async function predictions(): Promise<RgbaImage[]> {
  const fast = fastGenerator(state!.model.generator);
  try {
    const out: RgbaImage[] = [];
    for (const truth of val) out.push(await colorizeWith(fast, toGrey(truth)));
    return out;
  } finally {
    fast.dispose();
  }
}

async function preview(): Promise<void> {
  const now = await predictions();
  const mean = (f: (i: number) => number) => now.reduce((s, _, i) => s + f(i), 0) / Math.max(1, now.length);
  const images = now.map(toImageData);
  post({ type: 'preview', step: state!.trainer.steps, now: images, psnr: mean((i) => psnr(now[i]!, val[i]!)), colourfulness: mean((i) => colourfulness(now[i]!)) }, images.map((i) => i.data.buffer));
}

async function loop(): Promise<void> {
  const { trainer } = state!;
  let last = performance.now();
  let lastStep = trainer.steps;
  let rate = 0;
  while (running && trainer.steps < settings.steps) {
    const { input, target } = trainingBatch(train, settings.batch, settings.size, random);
    const losses = await trainer.step(input, target);
    tf.dispose([input, target]);
    const now = performance.now();
    if (now - last > 1000 || rate === 0) {
      rate = (trainer.steps - lastStep) / ((now - last) / 1000);
      last = now;
      lastStep = trainer.steps;
    }
    post({ type: 'progress', step: trainer.steps, total: settings.steps, losses, stepsPerSecond: rate, numTensors: tf.memory().numTensors });
    if (trainer.steps % settings.previewEvery === 0) await preview();
    if (trainer.steps % settings.checkpointEvery === 0) {
      await saveCheckpoint(state!, CHECKPOINT_URL);
      post({ type: 'checkpoint', step: trainer.steps });
    }
    await new Promise((r) => setTimeout(r, 0)); // let pause and stop messages in
  }
  const finished = trainer.steps >= settings.steps;
  running = false;
  await saveCheckpoint(state!, CHECKPOINT_URL);
  post({ type: 'checkpoint', step: trainer.steps });
  if (finished) await preview();
  post(finished ? { type: 'done', step: trainer.steps } : { type: 'paused', step: trainer.steps });
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'init': {
      settings = m.settings;
      train = m.train;
      val = m.val;
      const choice = await trainingBackend();
      let resumed = false;
      if (m.resume) {
        try {
          state = await loadCheckpoint(CHECKPOINT_URL, { learningRate: settings.learningRate, lambda: settings.lambda });
          resumed = true;
        } catch {
          state = undefined; // no usable checkpoint: start afresh
        }
      }
      state ??= await build(settings);
      random = seededRandom(state.trainer.steps + 1);
      const before = resumed ? undefined : (await predictions()).map(toImageData);
      const greys = val.map((v) => toImageData(toGrey(v)));
      post({ type: 'ready', backend: choice.backend, skipped: choice.skipped.map((s) => `${s.backend}: ${s.reason}`), step: state.trainer.steps, resumed, greys, before },
        [...greys, ...(before ?? [])].map((i) => i.data.buffer));
      return;
    }
    case 'run':
      if (!running && state) {
        running = true;
        await loop();
      }
      return;
    case 'pause':
    case 'stop':
      running = false;
      return;
    case 'export': {
      const file = await toSingleFile({ generator: state!.model.generator, metadata: state!.model.metadata }, { dtype: 'uint8' });
      // What you try after exporting is exactly what you downloaded (quantized).
      tryModel?.dispose();
      tryModel = await loadColorizer(fromSingleFile(file));
      post({ type: 'exported', json: JSON.stringify(file) });
      return;
    }
    case 'import': {
      const next = await loadColorizer(fromSingleFile(m.file));
      tryModel?.dispose();
      tryModel = next;
      post({ type: 'imported', id: next.metadata.id, version: next.metadata.version });
      return;
    }
    case 'colorize': {
      let image: RgbaImage;
      if (tryModel) {
        image = await tryModel.colorize(m.image);
      } else {
        const fast = fastGenerator(state!.model.generator);
        image = await colorizeWith(fast, m.image).finally(() => fast.dispose());
      }
      const data = toImageData(image);
      post({ type: 'colorized', id: m.id, image: data }, [data.data.buffer]);
      return;
    }
  }
}

// Messages run one after another, except pause/stop, which must reach a running loop.
let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  const task = () => handle(m).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
  if (m.type === 'pause' || m.type === 'stop') void task();
  else if (m.type === 'run') queue = queue.then(() => void task()); // the loop runs detached so later messages are not stuck behind it
  else queue = queue.then(task);
};

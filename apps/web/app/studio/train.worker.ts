/// <reference lib="webworker" />
// The studio's training runs here, off the page's thread: the real pix2pix step from
// @colorize/model on the backend that ran a probe step fastest in this browser.
import * as tf from '@tensorflow/tfjs-core';
import { loadColorizer, type Colorizer, type RgbaImage } from '@colorize/model';
import { colourfulness, meanCiede2000, psnr } from '@colorize/model/metrics';
import {
  colorizeWith, createDiscriminator, createGenerator, createTrainer, disposeParams, fastGenerator, fromSingleFile, loadCheckpoint,
  loadModel, normalizationFor, saveCheckpoint, seededRandom, toGrey, toSingleFile, trainingBatch, type TrainingState,
} from '@colorize/model/training';
import { chooseBackend } from '../../lib/backend';
import { MODEL_URL } from '../../lib/config';
import {
  CHECKPOINT_EVERY_MS, CHECKPOINT_URL, PREVIEW_EVERY_MS, type FromWorker, type HeldOutScores, type StudioSettings, type ToWorker,
} from '../../lib/studio-protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const toImageData = (im: RgbaImage) => new ImageData(new Uint8ClampedArray(im.data), im.width, im.height);

let state: TrainingState | undefined;
let settings: StudioSettings;
let train: RgbaImage[] = [];
let val: RgbaImage[] = [];
let running = false;
let tryModel: Colorizer | undefined;
let random = seededRandom(0);

/** The probe is one real training step, at the user's size up to 64 x 64 so it stays short. */
const PROBE_SIZE = 64;

function trainingProbe(s: StudioSettings) {
  const size = Math.min(s.size, PROBE_SIZE);
  const ngf = s.start === 'shipped' ? 16 : s.ngf;
  return async () => {
    const g = createGenerator({ size, depth: Math.log2(size), ngf, innermostNorm: false, normalization: normalizationFor(s.batch) });
    const d = createDiscriminator({ ndf: ngf });
    const trainer = createTrainer(g, d);
    const x = tf.randomUniform([s.batch, size, size, 1], -1, 1) as tf.Tensor4D;
    const y = tf.randomUniform([s.batch, size, size, 2], -1, 1) as tf.Tensor4D;
    return {
      run: () => trainer.step(x, y),
      dispose() {
        trainer.dispose();
        tf.dispose([x, y]);
        disposeParams(g.params);
        disposeParams(d.params);
      },
    };
  };
}

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

async function predictions(): Promise<{ images: RgbaImage[]; scores: HeldOutScores }> {
  const fast = fastGenerator(state!.model.generator);
  try {
    const images: RgbaImage[] = [];
    for (const truth of val) images.push(await colorizeWith(fast, toGrey(truth)));
    const mean = (f: (i: number) => number) => images.reduce((s, _, i) => s + f(i), 0) / Math.max(1, images.length);
    const scores = {
      psnr: mean((i) => psnr(images[i]!, val[i]!)),
      ciede2000: mean((i) => meanCiede2000(images[i]!, val[i]!)),
      colourfulness: mean((i) => colourfulness(images[i]!)),
    };
    return { images, scores };
  } finally {
    fast.dispose();
  }
}

async function preview(): Promise<void> {
  const { images, scores } = await predictions();
  const now = images.map(toImageData);
  post({ type: 'preview', step: state!.trainer.steps, now, scores }, now.map((i) => i.data.buffer));
}

async function checkpoint(): Promise<void> {
  await saveCheckpoint(state!, CHECKPOINT_URL);
  post({ type: 'checkpoint', step: state!.trainer.steps });
}

/** A changed learning rate or lambda goes through a checkpoint: the trainer restarts from it with the new values. */
async function apply(next: StudioSettings): Promise<void> {
  const changed = next.learningRate !== settings.learningRate || next.lambda !== settings.lambda;
  settings = next;
  if (!changed || !state) return;
  const old = state;
  await saveCheckpoint(old, CHECKPOINT_URL);
  state = await loadCheckpoint(CHECKPOINT_URL, { learningRate: settings.learningRate, lambda: settings.lambda });
  old.trainer.dispose();
  disposeParams(old.model.generator.params);
  disposeParams(old.model.discriminator.params);
}

async function loop(): Promise<void> {
  const { trainer } = state!;
  let last = performance.now();
  let lastStep = trainer.steps;
  let lastPreview = last;
  let lastCheckpoint = last;
  let rate = 0;
  while (running && trainer.steps < settings.steps) {
    const { input, target } = trainingBatch(train, settings.batch, settings.size, random);
    const losses = await trainer.step(input, target).finally(() => tf.dispose([input, target]));
    const now = performance.now();
    if (now - last > 1000 || rate === 0) {
      rate = (trainer.steps - lastStep) / ((now - last) / 1000);
      last = now;
      lastStep = trainer.steps;
    }
    post({ type: 'progress', step: trainer.steps, total: settings.steps, losses, stepsPerSecond: rate, numTensors: tf.memory().numTensors });
    // Time-based, so a slow backend still shows progress every few seconds, a fast one not every step.
    if (now - lastPreview >= PREVIEW_EVERY_MS) {
      await preview();
      lastPreview = performance.now();
    }
    if (now - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
      await checkpoint();
      lastCheckpoint = performance.now();
    }
    await new Promise((r) => setTimeout(r, 0)); // let pause messages in
  }
  const finished = trainer.steps >= settings.steps;
  running = false;
  await checkpoint();
  await preview();
  post(finished ? { type: 'done', step: trainer.steps } : { type: 'paused', step: trainer.steps });
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'init': {
      settings = m.settings;
      train = m.train;
      val = m.val;
      post({ type: 'stage', text: settings.backend === 'auto' ? 'Timing a training step on each backend…' : `Starting ${settings.backend}…` });
      const size = Math.min(settings.size, PROBE_SIZE);
      const pick = await chooseBackend(trainingProbe(settings), {
        force: settings.backend === 'auto' ? undefined : settings.backend, what: 'a step', training: true,
        note: size < settings.size ? `timed at ${size} x ${size}` : undefined,
      });
      post({ type: 'stage', text: m.resume ? 'Loading your checkpoint…' : 'Loading the model…' });
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
      post({ type: 'stage', text: 'Colouring the held-out photos with the starting model…' });
      const first = resumed ? undefined : await predictions();
      const before = first && { images: first.images.map(toImageData), scores: first.scores };
      const greys = val.map((v) => toImageData(toGrey(v)));
      post({ type: 'ready', pick, step: state.trainer.steps, resumed, greys, before },
        [...greys, ...(before?.images ?? [])].map((i) => i.data.buffer));
      return;
    }
    case 'run':
      if (!running && state) {
        await apply(m.settings);
        running = true;
        await loop();
      }
      return;
    case 'pause':
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

// Messages run one after another, except pause, which must reach a running loop.
let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  const task = () => handle(m).catch((err: unknown) => {
    running = false;
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
  if (m.type === 'pause') void task();
  else if (m.type === 'run') queue = queue.then(() => void task()); // the loop runs detached so later messages are not stuck behind it
  else queue = queue.then(task);
};

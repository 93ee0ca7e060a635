/// <reference lib="webworker" />
// The studio's training runs here, off the page's thread, through @colorize/model's one training
// session (photo preparation, held-out split, step loop, keep-best): this file only chooses the
// backend, passes settings in and posts progress out.
import * as tf from '@tensorflow/tfjs-core';
import { ColorizeError, loadColorizer, type Colorizer, type RgbaImage } from '@colorize/model';
import {
  colorizeWith, createTrainingSession, disposeParams, EDGE_GENERATOR, fastGenerator, fromSingleFile, loadModel, toSingleFile,
  type SessionStart, type TrainingSession,
} from '@colorize/model/training';
import { chooseBackend, colorizeProbe, PROBE_SIZE, trainingStepProbe } from '../../lib/backend';
import { MODEL_URL } from '../../lib/config';
import { pixels } from '../../lib/images';
import {
  CHECKPOINT_EVERY_MS, CHECKPOINT_URL, PREVIEW_EVERY_MS, type FromWorker, type RecipeChoices, type StudioSettings, type ToWorker, type TryModel,
} from '../../lib/studio-protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const toImageData = (im: RgbaImage) => new ImageData(new Uint8ClampedArray(im.data), im.width, im.height);

let session: TrainingSession | undefined;
let pausing = false;
/** The backend: timed on a training step by init, or on a colorize when this worker only tries models. */
let backend: Promise<unknown> | undefined;
/** A model file tried photos use (imported, or the one just exported), else the default or the run's. */
let tryModel: Colorizer | undefined;
let useDefault = false;
let shipped: Promise<Colorizer> | undefined;
/** The backend chosen: by init, or, in a worker that only tries models, by timing a colorize. */
const ready = () => (backend ??= chooseBackend(colorizeProbe(MODEL_URL), { what: 'a photo', training: false }));
/** The shipped model, loaded once (on the chosen backend) and kept. */
const shippedModel = async () => {
  await ready();
  return (shipped ??= loadColorizer(MODEL_URL));
};
/** The photo the person watches as training goes, and the kept step it was last coloured by. */
let watch: { image: RgbaImage; step: number } | undefined;
/** Whether the run fine-tunes the shipped model (whose colours are then the "before"). */
let fineTune = true;
/** Colorize requests waiting in the queue that the page still wants. */
const queued = new Set<number>();

/** Only the choices actually made: an unset one must not override the recipe with undefined. */
const chosen = (r: RecipeChoices): RecipeChoices => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));

async function startOf(s: StudioSettings): Promise<SessionStart> {
  // A new model takes colour points, so its tried photos can be steered like the shipped model's.
  if (s.start === 'new') return { kind: 'new', size: s.size, ngf: s.ngf, hints: true };
  return { kind: 'fine-tune', model: (await loadModel(MODEL_URL)).model };
}

/** The kept model as a colorizer-ready generator, used once and disposed. */
async function withBest<T>(f: (best: ReturnType<TrainingSession['bestModel']>) => Promise<T>): Promise<T> {
  const best = session!.bestModel();
  try {
    return await f(best);
  } finally {
    disposeParams(best.generator.params);
  }
}

/**
 * The world's judge's photos, shipped beside the model (models/default/world, listed in its
 * index.json): a fine-tune keeps only steps that still colour them as the default model does.
 */
async function worldPhotos(): Promise<RgbaImage[]> {
  const base = new URL('world/', new URL(MODEL_URL, self.location.href));
  const files = (await (await fetch(new URL('index.json', base))).json()) as string[];
  return Promise.all(files.map(async (f) => pixels(await (await fetch(new URL(f, base))).blob())));
}

async function init(m: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  const { settings } = m;
  post({ type: 'stage', text: settings.backend === 'auto' ? 'Timing a training step on each backend…' : `Starting ${settings.backend}…` });
  const size = Math.min(settings.size, PROBE_SIZE);
  const probe = trainingStepProbe({ size: settings.size, ngf: settings.start === 'shipped' ? EDGE_GENERATOR.ngf : settings.ngf, batch: settings.recipe.batch ?? 1 });
  // A probe smaller than the real step says so: its figure is not what a real step takes.
  const picking = chooseBackend(probe, { force: settings.backend === 'auto' ? undefined : settings.backend, what: size < settings.size ? `a ${size} x ${size} test step` : 'a step', training: true });
  backend = picking;
  const pick = await picking;
  // Only a fine-tune has a world to keep: a new model starts from random colours.
  const world = settings.start === 'shipped' ? await worldPhotos() : undefined;
  const options = {
    photos: m.photos,
    world,
    recipe: chosen(settings.recipe),
    onPrepare: (done: number, total: number) => post({ type: 'stage', text: `Preparing photo ${done} of ${total}…` }),
  };
  let resumed = false;
  if (m.resume) {
    post({ type: 'stage', text: 'Loading your checkpoint…' });
    session = await createTrainingSession({ ...options, start: { kind: 'resume', checkpoint: CHECKPOINT_URL } }).catch(() => undefined); // none usable: start afresh
    resumed = Boolean(session);
  }
  if (!session) {
    post({ type: 'stage', text: 'Loading the model…' });
    session = await createTrainingSession({ ...options, start: await startOf(settings) });
  }
  fineTune = settings.start === 'shipped';
  const greys = session.heldOut.map((h) => toImageData(h.grey));
  const truths = session.heldOut.map((h) => toImageData(h.truth));
  post({
    type: 'ready', pick, step: session.step, resumed, recipe: { ...session.recipe },
    heldOut: [...session.photos.heldOutNames], mode: session.photos.mode, greys, truths, before: session.before, worldBefore: session.world?.before, best: session.best, hints: session.hints,
  }, [...greys, ...truths].map((i) => i.data.buffer));
}

async function run(settings: StudioSettings): Promise<void> {
  const s = session!;
  await s.update(chosen(settings.recipe));
  pausing = false;
  const result = await s.run({
    onStep: (p) => post({ type: 'progress', step: p.step, total: p.total, losses: p.losses, stepsPerSecond: p.stepsPerSecond, numTensors: tf.memory().numTensors }),
    onPreview: async (p) => {
      const now = p.images.map(toImageData);
      post({ type: 'preview', step: p.step, now, scores: p.scores, best: p.best }, now.map((i) => i.data.buffer));
      if (watch && watch.step !== p.best.step) await showWatched(false);
    },
    onCritic: (done, total) => post({ type: 'critic', done, total }),
    onCheckpoint: async (step) => {
      await s.save(CHECKPOINT_URL);
      post({ type: 'checkpoint', step });
    },
    shouldStop: () => pausing,
  }, { previewEveryMs: PREVIEW_EVERY_MS, checkpointEveryMs: CHECKPOINT_EVERY_MS });
  post(result === 'done' ? { type: 'done', step: s.step, best: s.best } : { type: 'paused', step: s.step });
}

/** The watched photo as the kept model colours it (and, when `withBefore`, as the shipped model does, a fine-tune's start). */
async function showWatched(withBefore: boolean): Promise<void> {
  const w = watch!;
  const step = session!.best.step;
  const now = toImageData(await withBest(async (best) => {
    const fast = fastGenerator(best.generator);
    return colorizeWith(fast, w.image).finally(() => fast.dispose());
  }));
  const before = withBefore && fineTune ? toImageData(await (await shippedModel()).colorize(w.image)) : undefined;
  w.step = step;
  post({ type: 'watched', step, now, before }, [now, ...(before ? [before] : [])].map((i) => i.data.buffer));
}

/** Tell the page which model tried photos use now. */
function using(source: TryModel, model: { metadata: { id: string; version: string }; hints: boolean }): void {
  post({ type: 'model', source, id: model.metadata.id, version: model.metadata.version, hints: model.hints });
}

/** An error as the page gets it: its words, its code from the one list, and the request it ends (or what it is about). */
const failure = (err: unknown, id?: number, about?: 'model'): FromWorker => ({
  type: 'error', message: err instanceof Error ? err.message : String(err), code: err instanceof ColorizeError ? err.code : undefined, id, about,
});

const described = (c: Colorizer) => ({ metadata: c.metadata, hints: c.generator.config.hints });

async function handle(m: Exclude<ToWorker, { type: 'cancel' }>): Promise<void> {
  switch (m.type) {
    case 'init':
      return init(m);
    case 'run':
      return run(m.settings).catch((e: unknown) => {
        post({ type: 'paused', step: session!.step }); // the page leaves 'training'; the error follows
        throw e;
      });
    case 'pause':
      pausing = true;
      return;
    case 'export': {
      const file = await withBest((best) => toSingleFile(best, { dtype: 'uint8' }));
      // What you try after exporting is exactly what you downloaded (quantized).
      tryModel?.dispose();
      tryModel = await loadColorizer(fromSingleFile(file));
      useDefault = false;
      post({ type: 'exported', json: JSON.stringify(file) });
      return;
    }
    case 'import':
      try {
        await ready(); // no run needed
        const next = await loadColorizer(fromSingleFile(m.file));
        tryModel?.dispose();
        tryModel = next;
        useDefault = false;
        using('file', described(next));
      } catch (err) {
        post(failure(err, undefined, 'model'));
      }
      return;
    case 'use':
      try {
        tryModel?.dispose();
        tryModel = undefined;
        useDefault = m.model === 'default' || !session;
        if (useDefault) using('default', described(await shippedModel()));
        else using('run', { metadata: { id: 'your model', version: `step ${session!.best.step}` }, hints: session!.hints });
      } catch (err) {
        post(failure(err, undefined, 'model'));
      }
      return;
    case 'watch':
      watch = { image: m.image, step: -1 };
      if (session) await showWatched(true);
      return;
    case 'colorize': {
      if (!queued.delete(m.id)) return; // cancelled while it waited: nobody wants its answer
      const options = { saturation: m.saturation, hints: m.hints };
      try {
        // Without a run, tried photos use the shipped model.
        const model = tryModel ?? (useDefault || !session ? await shippedModel() : undefined);
        const image = model
          ? await model.colorize(m.image, options)
          : await withBest(async (best) => {
            const fast = fastGenerator(best.generator);
            return colorizeWith(fast, m.image, options).finally(() => fast.dispose());
          });
        const data = toImageData(image);
        post({ type: 'colorized', id: m.id, image: data }, [data.data.buffer]);
      } catch (err) {
        // Told to the photo it was for (its points stay there), not to the whole studio.
        post(failure(err, m.id));
      }
      return;
    }
  }
}

// Messages run one after another, except pause, which must reach a running session, and cancel,
// which must reach colorizes still waiting their turn.
let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'cancel') {
    queued.delete(m.id); // one already running finishes, and the page drops its answer
    return;
  }
  if (m.type === 'colorize') queued.add(m.id);
  const task = () => handle(m).catch((err: unknown) => post(failure(err)));
  if (m.type === 'pause') void task();
  else if (m.type === 'run') queue = queue.then(() => void task()); // the run goes on detached so later messages are not stuck behind it
  else queue = queue.then(task);
};

/**
 * The site's TensorFlow.js backend, picked in this one file for every page and worker. An order
 * is not enough: in a browser without a GPU, WebGPU and WebGL run on a software rasteriser
 * (SwiftShader) and are 7-18x slower than wasm. So each backend available here is timed on a
 * short probe of the real work (one warm-up, then one timed run) and the fastest wins; a software
 * WebGPU adapter is not even tried unless forced. Training also needs tfjs-backend-wasm's missing
 * filter gradient, registered only then: colorizing never loads training code.
 */
import { selectBackend, webgpuProblem, type BrowserBackend } from '@colorize/sdk/backend';
import type { WeightsSource } from '@colorize/model';
import { WASM_PATH } from './config';

export type { BrowserBackend };

/** The backends the chooser times, and that "Advanced" can force. cpu is only the last resort. */
export const TIMED_BACKENDS = ['webgpu', 'webgl', 'wasm'] as const satisfies readonly BrowserBackend[];

export interface BackendTiming {
  backend: BrowserBackend;
  /** Milliseconds for one warm run of the probe; absent when the backend was not timed. */
  ms?: number;
  /** Why it was not timed (no adapter, software adapter, failed to start…). */
  skipped?: string;
}

export interface BackendPick {
  backend: BrowserBackend;
  timings: BackendTiming[];
  /** The choice and its reason in plain words, for the page to show. */
  reason: string;
}

/** Sets up a short piece of the real work on the active backend: `run` is timed, `dispose` frees it all. */
export type Probe = () => Promise<{ run(): Promise<unknown>; dispose(): void }>;

/** "140 ms" or "1.4 s". */
export const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Start one backend (with training's kernels if asked): throws with the reason when it cannot. */
async function start(backend: BrowserBackend, training: boolean): Promise<void> {
  if (training) {
    const { registerWasmTrainingKernels } = await import('@colorize/model/training');
    registerWasmTrainingKernels();
  }
  await selectBackend([backend], WASM_PATH);
}

/**
 * Time `probe` on each backend and leave the fastest active (tfjs has one active backend at a
 * time; the probe disposes everything it made, so nothing is left on the losers).
 *
 * @param probe The work to time, on whichever backend is active.
 * @param options `force`: use this backend without timing (what "Advanced" chooses);
 *   `what`: the probe's unit for the reason ("a step", "a colorize"); `training`: register the
 *   training kernels; `note`: added to the reason (e.g. the size the probe ran at).
 */
export async function chooseBackend(
  probe: Probe,
  options: { force?: BrowserBackend; what: string; training: boolean; note?: string },
): Promise<BackendPick> {
  if (options.force) {
    await start(options.force, options.training);
    return { backend: options.force, timings: [], reason: `${options.force}, chosen in Advanced` };
  }
  const timings: BackendTiming[] = [];
  for (const backend of TIMED_BACKENDS) {
    try {
      const problem = backend === 'webgpu' ? await webgpuProblem() : undefined;
      if (problem) {
        timings.push({ backend, skipped: problem });
        continue;
      }
      await start(backend, options.training);
      const work = await probe();
      try {
        await work.run(); // warm-up: shaders and kernels compile here
        const t = performance.now();
        await work.run();
        timings.push({ backend, ms: performance.now() - t });
      } finally {
        work.dispose();
      }
    } catch (e) {
      timings.push({ backend, skipped: (e as Error).message });
    }
  }
  const timed = timings.filter((t): t is BackendTiming & { ms: number } => t.ms !== undefined).sort((a, b) => a.ms - b.ms);
  const best = timed[0];
  if (!best) {
    await start('cpu', options.training);
    return { backend: 'cpu', timings, reason: `cpu (slow), the only one left: ${timings.map((t) => `${t.backend} ${t.skipped}`).join('; ')}` };
  }
  await start(best.backend, options.training);
  const others = [
    ...timed.slice(1).map((t) => `${t.backend} ${duration(t.ms)}`),
    ...timings.filter((t) => t.skipped).map((t) => `${t.backend}: ${t.skipped}`),
  ];
  const reason = `${best.backend}: ${duration(best.ms)} ${options.what}${timed.length > 1 ? ', the fastest' : ''}${others.length ? ` (${others.join('; ')})` : ''}${options.note ? `, ${options.note}` : ''}`;
  return { backend: best.backend, timings, reason };
}

/** A training step is timed at the user's size up to this, so a probe stays short. */
export const PROBE_SIZE = 64;

/**
 * One real pix2pix training step (generator and discriminator, Adam) of a model of this width,
 * at `size` up to PROBE_SIZE, on random data: speed does not depend on the pixels.
 */
export function trainingStepProbe(model: { size: number; ngf: number; batch: number }): Probe {
  return async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const { createDiscriminator, createGenerator, createTrainer, disposeParams, EDGE_DISCRIMINATOR, generatorConfigFor, normalizationFor } = await import('@colorize/model/training');
    const size = Math.min(model.size, PROBE_SIZE);
    const g = createGenerator({ ...generatorConfigFor(size, model.ngf), normalization: normalizationFor(model.batch) });
    const d = createDiscriminator({ ...EDGE_DISCRIMINATOR, ndf: model.ngf });
    const trainer = createTrainer(g, d);
    const x = tf.randomUniform([model.batch, size, size, 1], -1, 1) as import('@tensorflow/tfjs-core').Tensor4D;
    const y = tf.randomUniform([model.batch, size, size, 2], -1, 1) as import('@tensorflow/tfjs-core').Tensor4D;
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

/**
 * One small colorize with the shipped model (a 64 x 64 grey square; the model works at 256 inside).
 *
 * @param files The model, as loadColorizer takes it: pass files already fetched, and no backend fetches them again.
 */
export const colorizeProbe = (files: WeightsSource): Probe => async () => {
  const { loadColorizer } = await import('@colorize/model');
  const model = await loadColorizer(files);
  const grey = { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(128) };
  return { run: () => model.colorize(grey), dispose: () => model.dispose() };
};

/** Start exactly `backend` for training (the bench page times each in turn itself). */
export const trainingBackend = (backend: BrowserBackend) => start(backend, true);

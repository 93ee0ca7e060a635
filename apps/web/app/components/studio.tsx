'use client';
import { useEffect, useRef, useState } from 'react';
import { ColorizeError } from '@colorize/model/errors';
import { toImageData } from '@colorize/sdk';
import type { BackendPick } from '../../lib/backend';
import { message, type PhotoSettings } from '../../lib/colorizers';
import { pixels, pngBlob } from '../../lib/images';
import {
  CHECKPOINT_URL, DEFAULT_SETTINGS, type Best, type FromWorker, type HeldOutScores, type Recipe, type StudioSettings, type ToWorker,
} from '../../lib/studio-protocol';
import { clearSession, loadSession, saveSession, type StudioSession } from '../../lib/studio-store';
import { useTouch } from '../../lib/touch';
import type { ColorizeRun } from '../../lib/use-recolorize';
import { FileButton } from './file-button';
import { TrainingCharts } from './loss-chart';
import { ResultCard } from './result-card';
import { HeldOutRows, PhotoList, Scores, SettingsForm, url } from './studio-parts';

type Phase = 'empty' | 'preparing' | 'ready' | 'training' | 'pausing' | 'paused' | 'done';

/** Steps "Train more" adds when the Steps setting has already been reached. */
const MORE_STEPS = 100;

const freshSession = (): StudioSession => ({ photos: [], settings: DEFAULT_SETTINGS, losses: [], metrics: [], before: [], checkpointStep: 0 });

/** What the worker said about the prepared run: its recipe, held-out photos and scores. */
interface RunInfo {
  recipe: Recipe;
  heldOut: string[];
  greys: string[];
  truths: string[];
  before: HeldOutScores;
  best: Best;
  latest?: HeldOutScores;
}

/** Which photos the scores come from, as the session split them. */
function heldOutText(info: RunInfo, photos: number): string {
  if (photos === 1) return 'a third of it held out to score the model (never trained on)';
  if (!info.heldOut.length) return 'none held out: the scores are on training photos';
  return `${info.heldOut.length} held out to score the model (never trained on)`;
}

const imageUrls = (images: ImageData[]) => Promise.all(images.map(async (i) => URL.createObjectURL(await pngBlob(i))));

/** A photo tried on the model: as given, and its pixels (sent to the worker again for each change). */
interface Tried {
  id: number;
  file: File;
  original: string;
  image: ImageData;
}

/** A colorize request the worker has not answered yet. */
interface Pending {
  resolve(blob: Blob): void;
  reject(e: unknown): void;
}

export function Studio() {
  const [session, setSession] = useState<StudioSession>(freshSession);
  const [phase, setPhase] = useState<Phase>('preparing');
  const [status, setMessage] = useState('Loading…');
  const [error, setError] = useState('');
  const [backend, setBackend] = useState<BackendPick>();
  const [progress, setProgress] = useState({ step: 0, total: 0, rate: 0, tensors: 0 });
  const [now, setNow] = useState<string[]>([]);
  const [info, setInfo] = useState<RunInfo>();
  const [tries, setTries] = useState<Tried[]>([]);
  /** Whether the model tried photos use takes colour points (an imported older one may not). */
  const [takesHints, setTakesHints] = useState(false);
  const touch = useTouch();
  const worker = useRef<Worker | null>(null);
  const pending = useRef(new Map<number, Pending>());
  const nextRequest = useRef(0);
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const update = (f: (s: StudioSession) => StudioSession, persist = true) => {
    const next = f(sessionRef.current);
    sessionRef.current = next;
    setSession(next);
    if (persist) void saveSession(next).catch((e) => setError(`Could not save the session in this browser: ${(e as Error).message}`));
  };
  const go = (p: Phase, text: string) => {
    phaseRef.current = p;
    setPhase(p);
    setMessage(text);
  };
  const send = (m: ToWorker, transfer: Transferable[] = []) => worker.current?.postMessage(m, transfer);

  /** The worker goes (and its model with it): a try still waiting says so instead of waiting for ever. */
  function endWorker() {
    worker.current?.terminate();
    worker.current = null;
    for (const p of pending.current.values()) p.reject(new Error('The model was set aside before it answered: try again once a run is prepared.'));
    pending.current.clear();
  }

  /**
   * A tried photo colorized by the studio's model (in its worker) with the person's settings.
   * Aborted (newer settings came, or the card went), it is dropped here and skipped in the
   * worker's queue if it has not started, so stale requests do not hold up the newest one.
   */
  const colorizeTry = (t: Tried): ColorizeRun<PhotoSettings> => ({ saturation, hints }, signal) => new Promise((resolve, reject) => {
    if (!worker.current) {
      reject(new Error('Prepare a run first: trying a photo uses its model.'));
      return;
    }
    const cancelled = () => new ColorizeError('aborted', 'Cancelled: newer settings replaced these.');
    if (signal.aborted) {
      reject(cancelled());
      return;
    }
    const id = nextRequest.current++;
    const drop = () => settle(id, (p) => {
      send({ type: 'cancel', id });
      p.reject(cancelled());
    });
    signal.addEventListener('abort', drop, { once: true });
    const done = () => signal.removeEventListener('abort', drop);
    pending.current.set(id, {
      resolve: (blob) => (done(), resolve({ blob, note: 'by your model, on this device' })),
      reject: (e) => (done(), reject(e)),
    });
    send({ type: 'colorize', id, image: t.image, saturation, hints }); // a copy: the page keeps its pixels for the next change
  });

  const settle = (id: number, f: (p: Pending) => void) => {
    const p = pending.current.get(id);
    pending.current.delete(id);
    if (p) f(p);
  };

  function onMessage(m: FromWorker) {
    switch (m.type) {
      case 'stage':
        setMessage(m.text);
        return;
      case 'ready': {
        setBackend(m.pick);
        setTakesHints(m.hints);
        setProgress((p) => ({ ...p, step: m.step }));
        const { recipe, heldOut, before, best } = m;
        void Promise.all([imageUrls(m.greys), imageUrls(m.truths)]).then(([greys, truths]) => setInfo((old) => {
          [...(old?.greys ?? []), ...(old?.truths ?? [])].forEach((u) => URL.revokeObjectURL(u));
          return { recipe, heldOut, greys, truths, before, best };
        }));
        if (m.resumed) go('paused', `Paused: resumed from the checkpoint at step ${m.step}. Press Resume to go on.`);
        else go('ready', 'Ready: press Start training.');
        return;
      }
      case 'critic':
        if (phaseRef.current === 'training') setMessage(`Training: first the judge learns your photos alone (${m.done} of ${m.total})…`);
        return;
      case 'progress':
        setProgress({ step: m.step, total: m.total, rate: m.stepsPerSecond, tensors: m.numTensors });
        if (phaseRef.current === 'training') setMessage(`Training: step ${m.step} of ${m.total}.`);
        update((s) => ({ ...s, losses: [...s.losses, { step: m.step, genGan: m.losses.genGan, genL1: m.losses.genL1, discTotal: m.losses.discTotal }] }), m.step % 5 === 0);
        return;
      case 'preview':
        void imageUrls(m.now).then((fresh) => setNow((old) => (old.forEach((u) => URL.revokeObjectURL(u)), fresh)));
        setInfo((i) => i && { ...i, latest: m.scores, best: m.best });
        update((s) => ({ ...s, metrics: [...s.metrics.filter((x) => x.step !== m.step), { step: m.step, ...m.scores }] }));
        // The starting model's colours, kept for the "before" column across reloads.
        if (m.step === 0) void Promise.all(m.now.map(pngBlob)).then((before) => update((s) => ({ ...s, before })));
        return;
      case 'checkpoint':
        update((s) => ({ ...s, checkpointStep: m.step }));
        return;
      case 'paused':
        go('paused', `Paused at step ${m.step}; the checkpoint is saved in this browser. Settings you change now apply when you resume.`);
        return;
      case 'done':
        go('done', `Done: ${m.step} steps. Export the model, try it on a photo below, or train more.`);
        return;
      case 'exported': {
        const a = document.createElement('a');
        a.href = url(new Blob([m.json], { type: 'application/json' }));
        a.download = 'colorize-model.json';
        a.click();
        setMessage('Exported colorize-model.json (uint8 weights). Photos you try now use exactly that file.');
        return;
      }
      case 'imported':
        setTakesHints(m.hints);
        setMessage(`Imported ${m.id} ${m.version}: photos you try now use it.`);
        return;
      case 'colorized':
        void pngBlob(m.image).then((b) => settle(m.id, (p) => p.resolve(b)), (e: unknown) => settle(m.id, (p) => p.reject(e)));
        return;
      case 'error': {
        if (m.id !== undefined) {
          settle(m.id, (p) => p.reject(m.code ? new ColorizeError(m.code, m.message) : new Error(m.message)));
          return;
        }
        // The typed list's words for a model file or the model itself; the session's own plain words otherwise.
        setError(m.code === 'invalid_weights' || m.code === 'model_unavailable' ? message(m.code, m.message) : m.message);
        if (phaseRef.current === 'preparing') go('empty', ''); // a failed run reports 'paused' itself
        return;
      }
    }
  }

  async function startWorker(s: StudioSession, resume: boolean) {
    endWorker();
    setError('');
    const photos: { name: string; image: ImageData }[] = [];
    try {
      for (const [i, p] of s.photos.entries()) {
        go('preparing', `Reading photo ${i + 1} of ${s.photos.length}…`);
        // A photo the browser cannot decode (damaged, or too large) is named, and nothing else is lost.
        photos.push({ name: p.name, image: await pixels(p.blob, 3 * s.settings.size).catch(() => {
          throw new Error(`${p.name} could not be read as an image: remove it, then press Prepare again.`);
        }) });
      }
    } catch (e) {
      setError((e as Error).message);
      go('empty', '');
      return;
    }
    // Started only once every photo is read: a worker stopped while it loads reports a confusing error.
    const w = new Worker(new URL('../studio/train.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
    w.onerror = (e) => setError(`The training worker failed: ${e.message}`);
    worker.current = w;
    setMessage(resume ? 'Loading your session…' : 'Starting the training worker…');
    send({ type: 'init', settings: s.settings, photos, resume }, photos.map((p) => p.image.data.buffer));
  }

  useEffect(() => {
    void loadSession().then((s) => {
      if (s && s.photos.length) {
        sessionRef.current = s;
        setSession(s);
        void startWorker(s, true);
      } else {
        go('empty', '');
      }
    }).catch(() => go('empty', ''));
    return endWorker;
  }, []);

  /** The saved run's checkpoint, gone: it belongs to photos the session no longer has. */
  const dropCheckpoint = () => void import('@tensorflow/tfjs-core').then((tf) => tf.io.removeModel(CHECKPOINT_URL)).catch(() => {});

  /** New photos mean a new run: the held-out set and the starting scores change, and a reload must not resume the old one. */
  function setPhotos(photos: StudioSession['photos']) {
    endWorker();
    dropCheckpoint();
    update((s) => ({ ...s, photos, losses: [], metrics: [], before: [], checkpointStep: 0 }));
    setNow([]);
    setInfo(undefined);
    setBackend(undefined);
    setProgress({ step: 0, total: 0, rate: 0, tensors: 0 });
    go('empty', photos.length ? 'Photos changed: press Prepare to start a run with them.' : '');
  }

  function addPhotos(files: File[]) {
    const ok = [...files].filter((f) => /^image\/(jpeg|png|webp)$/.test(f.type));
    const refused = [...files].filter((f) => !ok.includes(f)).map((f) => f.name);
    setError(refused.length ? `Not JPEG, PNG or WebP, so left out: ${refused.join(', ')}` : '');
    const names = new Set(sessionRef.current.photos.map((p) => p.name));
    const fresh = ok.filter((f) => !names.has(f.name)).map((f) => ({ name: f.name, blob: f as Blob }));
    if (fresh.length) setPhotos([...sessionRef.current.photos, ...fresh]);
  }

  function run(steps: number) {
    const settings = { ...sessionRef.current.settings, recipe: { ...sessionRef.current.settings.recipe, steps } };
    update((s) => ({ ...s, settings }));
    go('training', `Training: step ${progress.step} of ${steps}.`);
    send({ type: 'run', settings });
  }

  function startOver() {
    // The user's photos, charts and checkpoint go: ask first. Other models saved in this browser stay.
    if (session.photos.length && !window.confirm('Start over? This removes the photos, charts and checkpoint of this session from this browser.')) return;
    endWorker();
    void clearSession();
    dropCheckpoint();
    setSession(freshSession());
    sessionRef.current = freshSession();
    setNow([]);
    setInfo(undefined);
    setBackend(undefined);
    setProgress({ step: 0, total: 0, rate: 0, tensors: 0 });
    go('empty', 'Started over.');
  }

  async function tryPhoto(f: File) {
    try {
      const image = await toImageData(f);
      setTries((ts) => [{ id: nextRequest.current++, file: f, original: url(f), image }, ...ts]);
    } catch {
      setError(`${f.name} could not be read as an image.`);
    }
  }

  function removeTry(id: number) {
    setTries((ts) => ts.filter((t) => t.id !== id));
    document.querySelector<HTMLElement>('[data-testid=try-button]')?.focus();
  }

  const s = session;
  const heldOut = info?.heldOut ?? [];
  const steps = s.settings.recipe.steps ?? info?.recipe.steps ?? 0;
  const setSetting = <K extends keyof StudioSettings>(k: K, v: StudioSettings[K]) => update((x) => ({ ...x, settings: { ...x.settings, [k]: v } }));
  const total = progress.total || steps;
  const left = progress.rate > 0 && phase === 'training' ? Math.max(0, (total - progress.step) / progress.rate) : undefined;
  const busy = phase === 'preparing' || phase === 'training' || phase === 'pausing';
  const prepared = phase === 'ready' || phase === 'paused' || phase === 'done';
  // Export and try use the kept best weights, which the session can copy between steps.
  const hasModel = prepared || phase === 'training' || phase === 'pausing';

  return (
    <>
      <h1>Studio: teach the model your photos' colours</h1>
      <p className="lead">Training runs in this browser, on whichever of WebGPU, WebGL or WebAssembly is fastest here. Your photos never leave this device.</p>

      <section aria-labelledby="photos-h">
        <h2 id="photos-h">1. Your colour photos</h2>
        <div className="row">
          <FileButton label="Add colour photos" multiple accept="image/jpeg,image/png,image/webp" disabled={busy} onFiles={addPhotos}>Add photos</FileButton>
          <FileButton label="Add a folder of colour photos" multiple directory secondary disabled={busy} onFiles={addPhotos}>Add a folder</FileButton>
          <span className="status">{s.photos.length === 1 ? '1 photo' : `${s.photos.length} photos`}{info && `, ${heldOutText(info, s.photos.length)}`}</span>
        </div>
        <PhotoList photos={s.photos} heldOut={heldOut} locked={busy} onRemove={(name) => setPhotos(s.photos.filter((p) => p.name !== name))} />
      </section>

      <section aria-labelledby="settings-h">
        <h2 id="settings-h">2. Settings</h2>
        <SettingsForm settings={s.settings} recipe={info?.recipe} set={setSetting} prepared={prepared} training={busy} />
      </section>

      <section aria-labelledby="train-h">
        <h2 id="train-h">3. Train</h2>
        <div className="row">
          {phase === 'empty' && <button disabled={s.photos.length === 0} onClick={() => void startWorker(s, false)}>Prepare</button>}
          {phase === 'ready' && <button onClick={() => run(steps)}>Start training</button>}
          {phase === 'paused' && <button onClick={() => run(Math.max(steps, progress.step + 1))}>Resume</button>}
          {phase === 'done' && <button onClick={() => run(steps > progress.step ? steps : progress.step + MORE_STEPS)}>Train more</button>}
          {(phase === 'training' || phase === 'pausing') && (
            <button className="secondary" disabled={phase === 'pausing'} onClick={() => { go('pausing', 'Pausing (finishing this step)…'); send({ type: 'pause' }); }}>Pause</button>
          )}
          <button className="secondary" disabled={busy} onClick={startOver}>Start over</button>
        </div>
        <p className="status" role="status" aria-live="polite" data-testid="studio-status" data-phase={phase}>{status}</p>
        {error && <p className="error" role="alert">{error}</p>}
        {backend && <p className="status" data-testid="studio-backend" data-backend={backend.backend} data-timings={JSON.stringify(backend.timings)}>Runs on {backend.reason}</p>}
        <progress max={total} value={progress.step} aria-label="Training progress" />
        <p className="status" data-testid="studio-progress" data-step={progress.step}>
          Step {progress.step} of {total}
          {progress.rate > 0 && ` · ${progress.rate < 1 ? `${(1 / progress.rate).toFixed(1)} s a step` : `${progress.rate.toFixed(1)} steps a second`}`}
          {left !== undefined && ` · about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left`}
          {progress.tensors > 0 && ` · ${progress.tensors} tensors in memory`}
          {s.checkpointStep > 0 && ` · saved at step ${s.checkpointStep}`}
        </p>
        <Scores before={info?.before} now={info?.latest} best={info?.best} />
        <TrainingCharts losses={s.losses} metrics={s.metrics} />
      </section>

      <section aria-labelledby="val-h">
        <h2 id="val-h">Held-out photos: grey input, before, now, real colours</h2>
        {!info && <p className="status">Shown once the run is prepared.</p>}
        {info && <HeldOutRows greys={info.greys} before={s.before.map(url)} now={now} truths={info.truths} />}
      </section>

      <section aria-labelledby="use-h">
        <h2 id="use-h">4. Export, import and try</h2>
        <div className="row">
          <button disabled={!hasModel} onClick={() => send({ type: 'export' })}>Export model</button>
          <FileButton label="Import a model file" accept="application/json,.json" secondary disabled={!hasModel} onFiles={async ([f]) => {
            try {
              send({ type: 'import', file: JSON.parse(await f!.text()) });
            } catch {
              setError(`${f!.name} is not a Colorize model file.`);
            }
          }}>Import model</FileButton>
          <FileButton label="Colorize a photo with this model" accept="image/jpeg,image/png,image/webp" secondary disabled={!hasModel} testId="try-button"
            onFiles={([f]) => void tryPhoto(f!)}>Try on a photo</FileButton>
          {!hasModel && <span className="status">Prepare a run first: these use its model.</span>}
        </div>
        <div className="grid">
          {tries.map((t) => (
            <ResultCard key={t.id} file={t.file} original={t.original} touch={touch} takesHints={takesHints} colorize={colorizeTry(t)} onRemove={() => removeTry(t.id)} />
          ))}
        </div>
      </section>
    </>
  );
}

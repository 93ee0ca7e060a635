'use client';
import { useEffect, useRef, useState } from 'react';
import { ColorizeError } from '@colorize/model/errors';
import { toImageData } from '@colorize/sdk';
import { duration, type BackendPick } from '../../lib/backend';
import { message, type PhotoSettings } from '../../lib/colorizers';
import { pixels, pngBlob } from '../../lib/images';
import {
  CHECKPOINT_URL, DEFAULT_SETTINGS, type Best, type FromWorker, type HeldOutScores, type Recipe, type RunMode, type StudioSettings, type ToWorker, type TryModel,
} from '../../lib/studio-protocol';
import { resultWords } from '../../lib/studio-result';
import { clearSession, loadSession, saveSession, type StudioSession } from '../../lib/studio-store';
import { useTouch } from '../../lib/touch';
import type { ColorizeRun } from '../../lib/use-recolorize';
import { FileButton } from './file-button';
import { TrainingCharts } from './loss-chart';
import { ResultCard } from './result-card';
import { HeldOutRows, PhotoList, Scores, SettingsForm, url, Watch } from './studio-parts';

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
  mode: RunMode;
  before: HeldOutScores;
  /** The world's judge's score of the starting model (a fine-tune's). */
  worldBefore?: HeldOutScores;
  best: Best;
  latest?: HeldOutScores;
  /** The step the latest scores and previews are from. */
  latestStep?: number;
}

/** Which photos the scores come from, as the session split them. */
function heldOutText(info: RunInfo, photos: number): string {
  if (info.mode === 'strips') return photos === 1 ? 'a third of it held out to score the model (never trained on)' : 'a third of each held out to score the model (never trained on)';
  if (info.mode === 'none') return 'none held out: the scores are on training photos';
  return `${info.heldOut.length} held out to score the model (never trained on)`;
}

/** Both judges' figures for the words at the end: the world's only where the run fine-tuned the default model. */
function judged(info: Pick<RunInfo, 'before' | 'worldBefore'>, best: Best) {
  return {
    yours: { before: info.before.psnr, best: best.scores.psnr },
    ...(info.worldBefore && best.world ? { world: { before: info.worldBefore.psnr, best: best.world.psnr } } : {}),
  };
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
  const [takesHints, setTakesHints] = useState(true);
  /** The model tried photos use: the run's kept one (the shipped one while there is no run), the shipped one, or a file. */
  const [trying, setTrying] = useState<{ source: TryModel; name?: string }>({ source: 'run' });
  /** A model file being loaded to try (its name), said beside the buttons. */
  const [loading, setLoading] = useState('');
  /** An error about importing or trying models, shown beside those buttons. */
  const [useError, setUseError] = useState('');
  const useErrorRef = useRef<HTMLParagraphElement>(null);
  // Brought into view as it comes: the person is looking at the button that caused it. (Braces:
  // scrollIntoView returns a promise in newer Chromium, which React would take for a cleanup.)
  useEffect(() => {
    void useErrorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [useError]);
  /** The watched photo as the starting and the kept model colour it (image URLs), and the kept step. */
  const [watched, setWatched] = useState<{ before?: string; now: string; step: number }>();
  const touch = useTouch();
  const worker = useRef<Worker | null>(null);
  /** Counts worker starts and ends: a start that finds it moved on while it read photos gives way (one worker at a time). */
  const generation = useRef(0);
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
  const infoRef = useRef(info);
  infoRef.current = info;
  /** The run's end, and which model it leaves the person with. */
  const doneText = (step: number, best: Best, info: Pick<RunInfo, 'before' | 'worldBefore'> | undefined = infoRef.current) =>
    `Done: ${step} steps. ${info ? resultWords({ step: best.step, start: sessionRef.current.settings.start, ...judged(info, best) }).kept : ''}`;

  /** The worker goes (and its model with it): a try still waiting says so instead of waiting for ever. */
  function endWorker() {
    generation.current++;
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
    tryWorker();
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
        const { recipe, heldOut, mode, before, worldBefore, best } = m;
        void Promise.all([imageUrls(m.greys), imageUrls(m.truths)]).then(([greys, truths]) => setInfo((old) => {
          [...(old?.greys ?? []), ...(old?.truths ?? [])].forEach((u) => URL.revokeObjectURL(u));
          return { recipe, heldOut, mode, greys, truths, before, worldBefore, best };
        }));
        if (m.resumed && m.step >= m.recipe.steps) go('done', doneText(m.step, m.best, m));
        else if (m.resumed) go('paused', `Paused: resumed from the checkpoint at step ${m.step}. Press Resume to go on.`);
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
        setInfo((i) => i && { ...i, latest: m.scores, latestStep: m.step, best: m.best });
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
        setInfo((i) => i && { ...i, best: m.best });
        go('done', doneText(m.step, m.best));
        return;
      case 'watched': {
        const fresh = [m.now, ...(m.before ? [m.before] : [])];
        void imageUrls(fresh).then(([now, before]) => setWatched((old) => {
          if (old) [old.now, ...(before && old.before ? [old.before] : [])].forEach((u) => URL.revokeObjectURL(u));
          return { now: now!, before: before ?? old?.before, step: m.step };
        }));
        return;
      }
      case 'exported': {
        const a = document.createElement('a');
        a.href = url(new Blob([m.json], { type: 'application/json' }));
        a.download = 'colorize-model.json';
        a.click();
        setTrying({ source: 'file' });
        setMessage('Exported colorize-model.json (uint8 weights). Photos you try now use exactly that file.');
        return;
      }
      case 'model':
        setTakesHints(m.hints);
        setTrying({ source: m.source, name: `${m.id} ${m.version}` });
        setUseError('');
        setLoading('');
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
        const words = m.code === 'invalid_weights' || m.code === 'model_unavailable' ? message(m.code, m.message) : m.message;
        if (m.about === 'model') {
          setLoading('');
          setUseError(words);
          return;
        }
        setError(words);
        if (phaseRef.current === 'preparing') go('empty', ''); // a failed run reports 'paused' itself
        return;
      }
    }
  }

  /** A worker of this page's; only the current one is heard (one that was ended may still have a message on its way). */
  function newWorker(): Worker {
    const w = new Worker(new URL('../studio/train.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (worker.current === w) onMessage(e.data);
    };
    w.onerror = (e) => setError(`The training worker failed: ${e.message}`);
    worker.current = w;
    return w;
  }

  /** The worker that tries models, started without a run when there is none (tried photos then use the shipped model). */
  function tryWorker() {
    if (!worker.current) newWorker();
  }

  async function startWorker(s: StudioSession, resume: boolean) {
    endWorker();
    const started = generation.current;
    setError('');
    setTrying({ source: 'run' });
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
      if (generation.current !== started) return;
      setError((e as Error).message);
      go('empty', '');
      return;
    }
    // Another start, or the page going, came while the photos were read: that one owns the worker.
    if (generation.current !== started) return;
    // Started only once every photo is read: a worker stopped while it loads reports a confusing error.
    newWorker();
    setMessage(resume ? 'Loading your session…' : 'Starting the training worker…');
    send({ type: 'init', settings: s.settings, photos, resume }, photos.map((p) => p.image.data.buffer));
    if (s.watch) void pixels(s.watch, s.settings.size).then((image) => generation.current === started && send({ type: 'watch', image }, [image.data.buffer]));
  }

  useEffect(() => {
    // A page that went before its session loaded starts nothing (React runs effects twice in development).
    let live = true;
    void loadSession().then((s) => {
      if (!live) return;
      if (s && s.photos.length) {
        sessionRef.current = s;
        setSession(s);
        void startWorker(s, true);
      } else {
        go('empty', '');
      }
    }).catch(() => live && go('empty', ''));
    return () => {
      live = false;
      endWorker();
    };
  }, []);

  /** The saved run's checkpoint, gone: it belongs to photos the session no longer has. */
  const dropCheckpoint = () => void import('@tensorflow/tfjs-core').then((tf) => tf.io.removeModel(CHECKPOINT_URL)).catch(() => {});

  /** New photos mean a new run: the held-out set and the starting scores change, and a reload must not resume the old one. */
  function setPhotos(photos: StudioSession['photos']) {
    endWorker();
    dropCheckpoint();
    update((s) => ({ ...s, photos, losses: [], metrics: [], before: [], checkpointStep: 0 }));
    forgetRun();
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
    forgetRun();
    go('empty', 'Started over.');
  }

  /** What the page showed of a run that is gone (its worker ended): tried photos go back to the shipped model. */
  function forgetRun() {
    setNow([]);
    setInfo(undefined);
    setBackend(undefined);
    setProgress({ step: 0, total: 0, rate: 0, tensors: 0 });
    setWatched(undefined);
    setTrying({ source: 'run' });
    setTakesHints(true);
  }

  /** A black-and-white photo of the person's to watch as training goes, instead of a held-out square. */
  function watchPhoto(f: File) {
    update((s) => ({ ...s, watch: f }));
    setWatched(undefined);
    void pixels(f, sessionRef.current.settings.size).then(
      (image) => send({ type: 'watch', image }, [image.data.buffer]),
      () => setError(`${f.name} could not be read as an image.`),
    );
  }

  async function tryPhoto(f: File) {
    try {
      const image = await toImageData(f);
      setTries((ts) => [{ id: nextRequest.current++, file: f, original: url(f), image }, ...ts]);
    } catch {
      setUseError(`${f.name} could not be read as an image.`);
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
  // Export uses the kept best weights, which the session can copy between steps.
  const hasModel = prepared || phase === 'training' || phase === 'pausing';
  const kept = info?.best.step ?? 0;
  const words = info && (phase === 'done' || phase === 'paused')
    ? resultWords({ step: kept, start: s.settings.start, ...judged(info, info.best) })
    : undefined;
  const usingText = trying.source === 'file' ? (trying.name ? `the imported model ${trying.name}` : 'the file you exported')
    : trying.source === 'run' && hasModel ? `your model (kept step ${kept})` : 'the default model';
  // The speed the chooser measured may be a smaller test step's: the real one is said beside it.
  const realStep = progress.rate > 0 && info ? ` A real ${info.recipe.size} x ${info.recipe.size} step here: ${duration(1000 / progress.rate)}.` : '';

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
        {backend && <p className="status" data-testid="studio-backend" data-backend={backend.backend} data-timings={JSON.stringify(backend.timings)}>Runs on {backend.reason}.{realStep}</p>}
        <progress max={total} value={progress.step} aria-label="Training progress" />
        <p className="status" data-testid="studio-progress" data-step={progress.step}>
          Step {progress.step} of {total}
          {progress.rate > 0 && ` · ${progress.rate < 1 ? `${(1 / progress.rate).toFixed(1)} s a step` : `${progress.rate.toFixed(1)} steps a second`}`}
          {left !== undefined && ` · about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left`}
          {progress.tensors > 0 && ` · ${progress.tensors} tensors in memory`}
          {s.checkpointStep > 0 && ` · saved at step ${s.checkpointStep}`}
        </p>
        {words && (
          <div className="result" data-testid="studio-result">
            <p>{words.learned}</p>
            <p><strong>{words.kept}</strong></p>
            {words.advice && <p>{words.advice}</p>}
            <p className="row">
              {trying.source === 'default'
                ? <button className="secondary" onClick={() => send({ type: 'use', model: 'run' })}>Use your model again</button>
                : <button className="secondary" onClick={() => send({ type: 'use', model: 'default' })}>Back to the default model</button>}
              <span className="status">Photos you try use {usingText}.</span>
            </p>
          </div>
        )}
        {info && (
          <Watch
            grey={s.watch ? url(s.watch) : info.greys[0]!}
            before={s.watch ? watched?.before : s.before[0] && url(s.before[0])}
            beforeNote={!s.watch ? 'shown at the first scoring' : s.settings.start === 'new' ? 'a new model starts from random colours' : 'colouring…'}
            now={s.watch ? watched?.now : now[0]}
            nowCaption={s.watch ? `now (kept step ${watched?.step ?? kept})` : `now (step ${info.latestStep ?? 0})`}
            own={Boolean(s.watch)}
            onFile={watchPhoto}
          />
        )}
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
          <button disabled={!hasModel} onClick={() => send({ type: 'export' })}>Export your model</button>
          {/* A model file needs no run: a worker starts just to try it. */}
          <FileButton label="Import a model file" accept="application/json,.json" secondary disabled={phase === 'preparing'} onFiles={async ([f]) => {
            setUseError('');
            try {
              const file: unknown = JSON.parse(await f!.text());
              tryWorker();
              setLoading(f!.name);
              send({ type: 'import', file });
            } catch {
              setUseError(`${f!.name} is not a Colorize model file.`);
            }
          }}>Import model</FileButton>
          <FileButton label="Colorize a photo with this model" accept="image/jpeg,image/png,image/webp" secondary disabled={phase === 'preparing'} testId="try-button"
            onFiles={([f]) => void tryPhoto(f!)}>Try on a photo</FileButton>
        </div>
        <p className="status" role="status" data-testid="trying">
          {loading ? `Loading ${loading}…` : `Photos you try use ${usingText}.`}{!hasModel && ' Export needs a run: add photos and press Prepare.'}
        </p>
        {useError && <p className="error" role="alert" ref={useErrorRef}>{useError}</p>}
        <div className="grid">
          {tries.map((t) => (
            <ResultCard key={t.id} file={t.file} original={t.original} touch={touch} takesHints={takesHints} colorize={colorizeTry(t)} onRemove={() => removeTry(t.id)} />
          ))}
        </div>
      </section>
    </>
  );
}

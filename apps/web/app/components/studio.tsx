'use client';
import { useEffect, useRef, useState } from 'react';
import { toImageData } from '@colorize/sdk';
import { pngBlob, squarePixels } from '../../lib/images';
import { CHECKPOINT_URL, DEFAULT_SETTINGS, type FromWorker, type StudioSettings, type ToWorker } from '../../lib/studio-protocol';
import { clearSession, loadSession, saveSession, type StudioSession } from '../../lib/studio-store';
import { LineCharts } from './loss-chart';

type Phase = 'empty' | 'loading' | 'ready' | 'training' | 'paused' | 'done';

// One object URL per Blob: the page re-renders on every training step and must not mint new ones.
const urls = new WeakMap<Blob, string>();
const url = (b: Blob) => {
  let u = urls.get(b);
  if (!u) {
    u = URL.createObjectURL(b);
    urls.set(b, u);
  }
  return u;
};
const freshSession = (): StudioSession => ({ photos: [], validation: [], settings: DEFAULT_SETTINGS, losses: [], metrics: [], greys: [], before: [], checkpointStep: 0 });

/** Hold out about one photo in five (at least one) for validation; never all of them. */
function holdOut(names: string[]): string[] {
  if (names.length < 2) return [...names];
  const n = Math.max(1, Math.round(names.length / 5));
  return names.filter((_, i) => i % Math.ceil(names.length / n) === 0).slice(0, n);
}

export function Studio() {
  const [session, setSession] = useState<StudioSession>(freshSession);
  const [phase, setPhase] = useState<Phase>('loading');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [backend, setBackend] = useState('');
  const [progress, setProgress] = useState({ step: 0, total: 0, rate: 0, tensors: 0 });
  const [now, setNow] = useState<string[]>([]);
  const [tries, setTries] = useState<{ id: number; name: string; before: string; after?: string }[]>([]);
  const worker = useRef<Worker | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const update = (f: (s: StudioSession) => StudioSession, persist = true) => {
    const next = f(sessionRef.current);
    sessionRef.current = next;
    setSession(next);
    if (persist) void saveSession(next).catch((e) => setError(`Could not save the session in this browser: ${(e as Error).message}`));
  };

  const send = (m: ToWorker, transfer: Transferable[] = []) => worker.current?.postMessage(m, transfer);

  function onMessage(m: FromWorker) {
    switch (m.type) {
      case 'ready':
        setBackend(m.backend + (m.skipped.length ? ` (skipped ${m.skipped.join('; ')})` : ''));
        setProgress((p) => ({ ...p, step: m.step }));
        void Promise.all(m.greys.map(pngBlob)).then((greys) => update((s) => ({ ...s, greys })));
        if (m.before) void Promise.all(m.before.map(pngBlob)).then((before) => update((s) => ({ ...s, before })));
        setMessage(m.resumed ? `Resumed from the checkpoint at step ${m.step}: press Resume to go on.` : 'Ready to train.');
        setPhase(m.resumed ? 'paused' : 'ready');
        return;
      case 'progress':
        setProgress({ step: m.step, total: m.total, rate: m.stepsPerSecond, tensors: m.numTensors });
        update((s) => ({ ...s, losses: [...s.losses, { step: m.step, genGan: m.losses.genGan, genL1: m.losses.genL1, discTotal: m.losses.discTotal }] }), m.step % 5 === 0);
        return;
      case 'preview':
        void Promise.all(m.now.map(pngBlob)).then((blobs) => setNow((old) => (old.forEach((u) => URL.revokeObjectURL(u)), blobs.map(url))));
        update((s) => ({ ...s, metrics: [...s.metrics.filter((x) => x.step !== m.step), { step: m.step, psnr: m.psnr, colourfulness: m.colourfulness }] }));
        return;
      case 'checkpoint':
        update((s) => ({ ...s, checkpointStep: m.step }));
        return;
      case 'paused':
        setPhase('paused');
        setMessage(`Paused at step ${m.step}; the checkpoint is saved in this browser.`);
        return;
      case 'done':
        setPhase('done');
        setMessage(`Done: ${m.step} steps. Export the model, or try it on a photo below.`);
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
        setMessage(`Imported ${m.id} ${m.version}: photos you try now use it.`);
        return;
      case 'colorized':
        void pngBlob(m.image).then((b) => setTries((ts) => ts.map((t) => (t.id === m.id ? { ...t, after: url(b) } : t))));
        return;
      case 'error':
        setError(m.message);
        setPhase((p) => (p === 'training' ? 'paused' : p));
    }
  }

  async function startWorker(s: StudioSession, resume: boolean) {
    worker.current?.terminate();
    const w = new Worker(new URL('../studio/train.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
    w.onerror = (e) => setError(`The training worker failed: ${e.message}`);
    worker.current = w;
    setPhase('loading');
    setMessage(resume ? 'Loading your session…' : 'Preparing photos and the model…');
    const size = s.settings.size;
    // A photo the browser cannot decode (damaged, or too large) is named, and nothing else is lost.
    const decode = (p: { name: string; blob: Blob }) => squarePixels(p.blob, size).catch(() => {
      throw new Error(`${p.name} could not be read as an image: remove it with "Start over", or add other photos.`);
    });
    try {
      const train = await Promise.all(s.photos.filter((p) => !s.validation.includes(p.name) || s.photos.length < 2).map(decode));
      const val = await Promise.all(s.photos.filter((p) => s.validation.includes(p.name)).map(decode));
      send({ type: 'init', settings: s.settings, train, val, resume }, [...train, ...val].map((i) => i.data.buffer));
    } catch (e) {
      w.terminate();
      setError((e as Error).message);
      setMessage('');
      setPhase('empty');
    }
  }

  useEffect(() => {
    void loadSession().then((s) => {
      if (s && s.photos.length) {
        sessionRef.current = s;
        setSession(s);
        void startWorker(s, true);
      } else {
        setPhase('empty');
      }
    }).catch(() => setPhase('empty'));
    return () => worker.current?.terminate();
  }, []);

  async function addPhotos(files: FileList | null) {
    if (!files) return;
    const ok = [...files].filter((f) => /^image\/(jpeg|png|webp)$/.test(f.type));
    const refused = [...files].filter((f) => !ok.includes(f)).map((f) => f.name);
    setError(refused.length ? `Not JPEG, PNG or WebP, so left out: ${refused.join(', ')}` : '');
    if (!ok.length) return;
    const photos = [...sessionRef.current.photos, ...ok.map((f) => ({ name: f.name, blob: f as Blob }))];
    update((s) => ({ ...s, photos, validation: holdOut(photos.map((p) => p.name)) }));
    setPhase('empty');
  }

  const s = session;
  const valPhotos = s.photos.filter((p) => s.validation.includes(p.name));
  const setSetting = <K extends keyof StudioSettings>(k: K, v: StudioSettings[K]) => update((x) => ({ ...x, settings: { ...x.settings, [k]: v } }));
  const left = progress.rate > 0 ? Math.max(0, (progress.total - progress.step) / progress.rate) : undefined;
  const busy = phase === 'loading' || phase === 'training';

  return (
    <>
      <h1>Studio: teach the model your photos' colours</h1>
      <p className="lead">Training runs in this browser (WebGPU, else WebGL, else WebAssembly). Your photos never leave this device.</p>

      <section aria-labelledby="photos-h">
        <h2 id="photos-h">1. Your colour photos</h2>
        <div className="row">
          <label className="button">Add photos<input className="visually-hidden" type="file" multiple accept="image/jpeg,image/png,image/webp" aria-label="Add colour photos" onChange={(e) => void addPhotos(e.target.files)} disabled={busy} /></label>
          <label className="button secondary">Add a folder<input className="visually-hidden" type="file" multiple {...{ webkitdirectory: '' }} aria-label="Add a folder of colour photos" onChange={(e) => void addPhotos(e.target.files)} disabled={busy} /></label>
          <span className="status">{s.photos.length} photos, {valPhotos.length} held out for validation</span>
        </div>
      </section>

      <section aria-labelledby="settings-h">
        <h2 id="settings-h">2. Settings</h2>
        <div className="settings">
          <label>Start from<select value={s.settings.start} disabled={busy || phase === 'paused'} onChange={(e) => setSetting('start', e.target.value as StudioSettings['start'])}><option value="shipped">the shipped model</option><option value="new">a new model</option></select></label>
          <label>Image size<select value={s.settings.size} disabled={busy || phase === 'paused'} onChange={(e) => setSetting('size', Number(e.target.value))}>{[32, 64, 128, 256].map((v) => <option key={v} value={v}>{v} x {v}{v !== 256 ? ' (new model)' : ''}</option>)}</select></label>
          <label>Width of a new model (ngf)<input type="number" min={2} max={64} value={s.settings.ngf} disabled={busy || phase === 'paused'} onChange={(e) => setSetting('ngf', Number(e.target.value))} /></label>
          <label>Steps<input type="number" min={1} max={100000} value={s.settings.steps} disabled={busy} onChange={(e) => setSetting('steps', Number(e.target.value))} /></label>
          <label>Learning rate<input type="number" step="0.00001" min={0} value={s.settings.learningRate} disabled={busy || phase === 'paused'} onChange={(e) => setSetting('learningRate', Number(e.target.value))} /></label>
          <label>Lambda (L1 weight)<input type="number" min={0} value={s.settings.lambda} disabled={busy || phase === 'paused'} onChange={(e) => setSetting('lambda', Number(e.target.value))} /></label>
          <label>Batch size<input type="number" min={1} max={16} value={s.settings.batch} disabled={busy || phase === 'paused'} onChange={(e) => setSetting('batch', Number(e.target.value))} /></label>
          <label>Preview every (steps)<input type="number" min={1} value={s.settings.previewEvery} disabled={busy} onChange={(e) => setSetting('previewEvery', Number(e.target.value))} /></label>
          <label>Checkpoint every (steps)<input type="number" min={1} value={s.settings.checkpointEvery} disabled={busy} onChange={(e) => setSetting('checkpointEvery', Number(e.target.value))} /></label>
        </div>
        {s.settings.start === 'shipped' && s.settings.size !== 256 && <p className="status">The shipped model works at 256 x 256: at this size a new model is trained.</p>}
      </section>

      <section aria-labelledby="train-h">
        <h2 id="train-h">3. Train</h2>
        <div className="row">
          {phase === 'empty' && <button disabled={s.photos.length === 0} onClick={() => void startWorker(s, false)}>Prepare</button>}
          {phase === 'ready' && <button onClick={() => { setPhase('training'); send({ type: 'run' }); }}>Start training</button>}
          {phase === 'paused' && <button onClick={() => { setPhase('training'); send({ type: 'run' }); }}>Resume</button>}
          {phase === 'training' && <button className="secondary" onClick={() => send({ type: 'pause' })}>Pause</button>}
          {phase === 'training' && <button className="secondary" onClick={() => send({ type: 'stop' })}>Stop</button>}
          <button className="secondary" disabled={phase === 'training'} onClick={() => {
            // The user's photos, charts and checkpoint go: ask first. Other models saved in this browser stay.
            if (s.photos.length && !window.confirm('Start over? This removes the photos, charts and checkpoint of this session from this browser.')) return;
            worker.current?.terminate();
            void clearSession();
            void import('@tensorflow/tfjs-core').then((tf) => tf.io.removeModel(CHECKPOINT_URL)).catch(() => {});
            setSession(freshSession());
            sessionRef.current = freshSession();
            setNow([]);
            setPhase('empty');
            setMessage('Started over.');
          }}>Start over</button>
        </div>
        <p className="status" role="status" data-testid="studio-status">{message}</p>
        {error && <p className="error" role="alert">{error}</p>}
        {backend && <p className="status" data-testid="studio-backend">Backend: {backend}</p>}
        <progress max={progress.total || s.settings.steps} value={progress.step} aria-label="Training progress" />
        <p className="status" data-testid="studio-progress" data-step={progress.step}>
          Step {progress.step} / {progress.total || s.settings.steps}
          {progress.rate > 0 && ` · ${progress.rate.toFixed(2)} steps/s`}
          {left !== undefined && ` · about ${Math.ceil(left)} s left`}
          {progress.tensors > 0 && ` · ${progress.tensors} tensors in memory`}
          {s.checkpointStep > 0 && ` · checkpoint at step ${s.checkpointStep}`}
        </p>
        <LineCharts title="Losses" series={[
          { label: 'G GAN', colour: '#2f5fd0', points: s.losses.map((l) => ({ x: l.step, y: l.genGan })) },
          { label: 'G L1', colour: '#1d6b2f', points: s.losses.map((l) => ({ x: l.step, y: l.genL1 })) },
          { label: 'D', colour: '#a40000', points: s.losses.map((l) => ({ x: l.step, y: l.discTotal })) },
        ]} />
        <LineCharts title="Validation" series={[
          { label: 'PSNR dB', colour: '#2f5fd0', points: s.metrics.map((m) => ({ x: m.step, y: m.psnr })) },
          { label: 'colourfulness', colour: '#b36b00', points: s.metrics.map((m) => ({ x: m.step, y: m.colourfulness })) },
        ]} />
      </section>

      <section aria-labelledby="val-h">
        <h2 id="val-h">Validation photos</h2>
        {valPhotos.map((p, i) => (
          <div className="previews" key={p.name} data-testid="preview-row">
            <figure>{s.greys[i] ? <img src={url(s.greys[i]!)} alt={`${p.name}, grey input`} /> : null}<figcaption>grey input</figcaption></figure>
            <figure>{s.before[i] ? <img src={url(s.before[i]!)} alt={`${p.name} before fine-tuning`} /> : null}<figcaption>before fine-tuning</figcaption></figure>
            <figure>{now[i] ? <img src={now[i]} alt={`${p.name} now`} data-testid="preview-now" /> : null}<figcaption>now</figcaption></figure>
            <figure><img src={url(p.blob)} alt={`${p.name}, truth`} /><figcaption>truth</figcaption></figure>
          </div>
        ))}
      </section>

      <section aria-labelledby="use-h">
        <h2 id="use-h">4. Export, import and try</h2>
        <div className="row">
          <button disabled={!(phase === 'paused' || phase === 'done' || phase === 'ready')} onClick={() => send({ type: 'export' })}>Export model</button>
          <label className="button secondary">Import model<input className="visually-hidden" type="file" accept="application/json,.json" aria-label="Import a model file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              try {
                send({ type: 'import', file: JSON.parse(await f.text()) });
              } catch {
                setError(`${f.name} is not a Colorize model file.`);
              }
              e.target.value = '';
            }} /></label>
          <label className="button secondary">Try on a photo<input className="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp" aria-label="Colorize a photo with this model"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f || !worker.current) return;
              try {
                const image = await toImageData(f);
                const id = Date.now();
                setTries((ts) => [{ id, name: f.name, before: url(f) }, ...ts]);
                send({ type: 'colorize', id, image }, [image.data.buffer]);
              } catch {
                setError(`${f.name} could not be read as an image.`);
              }
              e.target.value = '';
            }} /></label>
        </div>
        <div className="grid">
          {tries.map((t) => (
            <div className="card" key={t.id} data-testid="try">
              <div className="name">{t.name}</div>
              {t.after ? <img src={t.after} alt={`${t.name}, colorized by your model`} data-testid="try-result" style={{ width: '100%' }} /> : <p className="status">Colorizing…</p>}
            </div>
          ))}
        </div>
      </section>
    </>
  );
}

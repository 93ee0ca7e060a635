'use client';
import { TIMED_BACKENDS } from '../../lib/backend';
import type { HeldOutScores, StudioSettings } from '../../lib/studio-protocol';

// One object URL per Blob: the page re-renders on every training step and must not mint new ones.
const urls = new WeakMap<Blob, string>();
export const url = (b: Blob) => {
  let u = urls.get(b);
  if (!u) {
    u = URL.createObjectURL(b);
    urls.set(b, u);
  }
  return u;
};

/** The user's photos as thumbnails, each with a remove button; held-out ones are marked. */
export function PhotoList({ photos, heldOut, locked, onRemove }: {
  photos: { name: string; blob: Blob }[]; heldOut: string[]; locked: boolean; onRemove(name: string): void;
}) {
  if (!photos.length) return <p className="status">No photos yet. Add a few colour photos like the ones you want to colorize: the more alike, the better.</p>;
  return (
    <ul className="thumbs" aria-label="Your photos">
      {photos.map((p) => (
        <li key={p.name} data-testid="photo-thumb">
          <img src={url(p.blob)} alt={p.name} />
          <span className="name">{p.name}{heldOut.includes(p.name) && <em> (held out to score the model)</em>}</span>
          <button type="button" className="secondary small" disabled={locked} aria-label={`Remove ${p.name}`} onClick={() => onRemove(p.name)}>Remove</button>
        </li>
      ))}
    </ul>
  );
}

type Set = <K extends keyof StudioSettings>(k: K, v: StudioSettings[K]) => void;

/**
 * The few settings a person needs in front, the rest under "Advanced". `prepared`: the model and
 * its backend are built, so what shapes them is locked (and says so); the rest applies on Resume.
 */
export function SettingsForm({ settings: s, set, prepared, training }: { settings: StudioSettings; set: Set; prepared: boolean; training: boolean }) {
  const fixed = prepared || training;
  const shipped = s.start === 'shipped';
  return (
    <>
      <div className="settings">
        <label>Start from
          <select value={s.start} disabled={fixed} onChange={(e) => {
            const start = e.target.value as StudioSettings['start'];
            set('start', start);
            if (start === 'shipped') set('size', 256); // the shipped model only works at its own size
          }}>
            <option value="shipped">the shipped model (recommended)</option>
            <option value="new">a new, untrained model</option>
          </select>
        </label>
        <label>Steps to train (total)
          <input type="number" min={1} max={100000} value={s.steps} disabled={training} onChange={(e) => set('steps', Math.max(1, Number(e.target.value)))} />
        </label>
      </div>
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="settings">
          <label>Image size{shipped && ' (the shipped model is 256 x 256)'}
            <select value={s.size} disabled={fixed || shipped} onChange={(e) => set('size', Number(e.target.value))}>
              {[32, 64, 128, 256].map((v) => <option key={v} value={v}>{v} x {v}</option>)}
            </select>
          </label>
          <label>Model width, channels (ngf){shipped && ' (the shipped model has 16)'}
            <input type="number" min={2} max={64} value={shipped ? 16 : s.ngf} disabled={fixed || shipped} onChange={(e) => set('ngf', Number(e.target.value))} />
          </label>
          <label>How fast it learns (learning rate)
            <input type="number" step="0.00001" min={0.000001} value={s.learningRate} disabled={training} onChange={(e) => set('learningRate', Number(e.target.value))} />
          </label>
          <label>How closely to copy the photos' colours (L1 weight, lambda)
            <input type="number" min={0} value={s.lambda} disabled={training} onChange={(e) => set('lambda', Number(e.target.value))} />
          </label>
          <label>Photos per step (batch)
            <input type="number" min={1} max={16} value={s.batch} disabled={training} onChange={(e) => set('batch', Math.max(1, Number(e.target.value)))} />
          </label>
          <label>Run on
            <select value={s.backend} disabled={fixed} onChange={(e) => set('backend', e.target.value as StudioSettings['backend'])}>
              <option value="auto">the fastest here (timed)</option>
              {TIMED_BACKENDS.map((b) => <option key={b} value={b}>{b}</option>)}
            </select>
          </label>
        </div>
      </details>
      {fixed && <p className="status">The starting model, size, width and backend are fixed for this run: "Start over" to change them. Steps, learning rate, lambda and batch apply when you resume.</p>}
    </>
  );
}

const ROWS: { key: keyof HeldOutScores; label: string; better: string; digits: number }[] = [
  { key: 'psnr', label: 'Closeness to the real colours (PSNR, dB)', better: 'higher is better', digits: 2 },
  { key: 'ciede2000', label: 'Colour difference (CIEDE2000)', better: 'lower is better', digits: 2 },
  { key: 'colourfulness', label: 'Colourfulness', better: 'how vivid', digits: 1 },
];

/** The model on the held-out photos: at the start of the run, and at the latest preview. */
export function Scores({ before, now }: { before?: HeldOutScores; now?: HeldOutScores }) {
  if (!before) return null;
  return (
    <table className="metrics" data-testid="scores">
      <caption>On the held-out photos</caption>
      <thead><tr><th scope="col">score</th><th scope="col">before</th><th scope="col">now</th></tr></thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label} <span className="status">{r.better}</span></th>
            <td data-testid={`score-${r.key}-before`}>{before[r.key].toFixed(r.digits)}</td>
            <td data-testid={`score-${r.key}-now`}>{now ? now[r.key].toFixed(r.digits) : '-'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface Tried {
  id: number;
  name: string;
  before: string;
  after?: string;
}

/** A photo tried on the trained model: before and after side by side, and the result to download. */
export function TryResult({ t }: { t: Tried }) {
  return (
    <div className="card" data-testid="try">
      <div className="name">{t.name}</div>
      <div className="pair">
        <figure><img src={t.before} alt={`${t.name}, as given`} /><figcaption>before</figcaption></figure>
        <figure>{t.after ? <img src={t.after} alt={`${t.name}, colorized by your model`} data-testid="try-result" /> : <p className="status">Colorizing…</p>}<figcaption>after</figcaption></figure>
      </div>
      {t.after && <a className="button" href={t.after} download={`${t.name.replace(/\.[^.]+$/, '')}-colorized.png`}>Download</a>}
    </div>
  );
}

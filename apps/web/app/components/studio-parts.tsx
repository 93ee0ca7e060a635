'use client';
import { TIMED_BACKENDS } from '../../lib/backend';
import { FileButton } from './file-button';
import type { Best, HeldOutScores, Recipe, RecipeChoices, StudioSettings } from '../../lib/studio-protocol';

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

/** A number field for one recipe choice: the recipe's own value shows until the person changes it. */
function RecipeField({ label, k, s, recipe, set, disabled, step }: {
  label: string; k: keyof RecipeChoices; s: StudioSettings; recipe?: Recipe; set: Set; disabled: boolean; step?: string;
}) {
  return (
    <label>{label}
      <input type="number" min={k === 'lambda' ? 0 : step ? Number(step) : 1} step={step} disabled={disabled} placeholder="the recipe's"
        value={s.recipe[k] ?? recipe?.[k] ?? ''}
        onChange={(e) => set('recipe', { ...s.recipe, [k]: e.target.value === '' ? undefined : Number(e.target.value) })} />
    </label>
  );
}

/**
 * The few settings a person needs in front, the rest under "Advanced". `recipe`: the session's
 * (known once prepared), shown until a value is changed. `prepared`: the model and its backend
 * are built, so what shapes them is locked (and says so); the rest applies on Resume.
 */
export function SettingsForm({ settings: s, recipe, set, prepared, training }: {
  settings: StudioSettings; recipe?: Recipe; set: Set; prepared: boolean; training: boolean;
}) {
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
            <option value="shipped">the shipped model</option>
            <option value="new">a new model</option>
          </select>
        </label>
        <RecipeField label="Steps to train (total)" k="steps" s={s} recipe={recipe} set={set} disabled={training} />
      </div>
      {!recipe && <p className="status">Empty fields take the benchmarked recipe's values, shown once you press Prepare.</p>}
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
          <RecipeField label="How fast it learns (learning rate)" k="learningRate" s={s} recipe={recipe} set={set} disabled={training} step="0.000001" />
          <RecipeField label="How closely to copy the photos' colours (L1 weight, lambda)" k="lambda" s={s} recipe={recipe} set={set} disabled={training} />
          <RecipeField label="Crops per step (batch)" k="batch" s={s} recipe={recipe} set={set} disabled={training} />
          <label>Run on
            <select value={s.backend} disabled={fixed} onChange={(e) => set('backend', e.target.value as StudioSettings['backend'])}>
              <option value="auto">the fastest here</option>
              {TIMED_BACKENDS.map((b) => <option key={b} value={b}>{b}</option>)}
            </select>
          </label>
        </div>
      </details>
      {fixed && <p className="status">The starting model, size, width and backend are fixed for this run: "Start over" to change them. Steps, learning rate, lambda and batch apply when you resume.</p>}
    </>
  );
}

const ROWS: { key: Exclude<keyof HeldOutScores, 'views'>; label: string; better: string; digits: number }[] = [
  { key: 'psnr', label: 'Closeness to the real colours (PSNR, dB)', better: 'higher is better', digits: 2 },
  { key: 'ciede2000', label: 'Colour difference (CIEDE2000)', better: 'lower is better', digits: 2 },
  { key: 'colourfulness', label: 'Colourfulness against the real photos', better: '1 is as vivid', digits: 2 },
];

/** The model on the held-out photos: at the start, at the latest preview, and the kept best. */
export function Scores({ before, now, best }: { before?: HeldOutScores; now?: HeldOutScores; best?: Best }) {
  if (!before) return null;
  return (
    <table className="metrics" data-testid="scores">
      <caption>On the held-out photos (never trained on)</caption>
      <thead><tr><th scope="col">score</th><th scope="col">before</th><th scope="col">now</th><th scope="col">kept{best && best.step > 0 ? ` (step ${best.step})` : ' (the start)'}</th></tr></thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label} <span className="status">{r.better}</span></th>
            <td data-testid={`score-${r.key}-before`}>{before[r.key].toFixed(r.digits)}</td>
            <td data-testid={`score-${r.key}-now`}>{now ? now[r.key].toFixed(r.digits) : '-'}</td>
            <td data-testid={`score-${r.key}-kept`}>{best ? best.scores[r.key].toFixed(r.digits) : '-'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each held-out square: grey as the model sees it, before training, now, and its real colours (image URLs). */
export function HeldOutRows({ greys, before, now, truths }: { greys: string[]; before: string[]; now: string[]; truths: string[] }) {
  return greys.map((grey, i) => (
    <div className="previews" key={grey} data-testid="preview-row">
      <figure><img src={grey} alt={`held-out photo ${i + 1}, grey input`} /><figcaption>grey input</figcaption></figure>
      <figure>{before[i] ? <img src={before[i]} alt={`held-out photo ${i + 1} before training`} /> : null}<figcaption>before training</figcaption></figure>
      <figure>{now[i] ? <img src={now[i]} alt={`held-out photo ${i + 1} now`} data-testid="preview-now" /> : null}<figcaption>now</figcaption></figure>
      <figure><img src={truths[i]} alt={`held-out photo ${i + 1}, real colours`} /><figcaption>real colours</figcaption></figure>
    </div>
  ));
}

/**
 * One photo, big, as training goes: grey as the model sees it, as the starting model coloured it,
 * and now. A held-out square unless the person gave a black-and-white photo of theirs (`own`).
 */
export function Watch({ grey, before, beforeNote, now, nowCaption, own, onFile }: {
  grey: string; before?: string; beforeNote: string; now?: string; nowCaption: string; own: boolean; onFile(f: File): void;
}) {
  return (
    <section className="watch" aria-labelledby="watch-h" data-testid="watch">
      <h3 id="watch-h">{own ? 'Your black-and-white photo: before and now' : 'One of your photos, in grey: before and now'}</h3>
      <div className="previews">
        <figure><img src={grey} alt={own ? 'your black-and-white photo' : 'a grey square of one of your photos (never trained on)'} /><figcaption>{own ? 'your photo' : 'grey input'}</figcaption></figure>
        <figure>{before ? <img src={before} alt="coloured before training" data-testid="watch-before" /> : <span className="status">{beforeNote}</span>}<figcaption>before training</figcaption></figure>
        <figure>{now ? <img src={now} alt="coloured now" data-testid="watch-now" /> : <span className="status">{own ? 'colouring…' : 'after the first scoring'}</span>}<figcaption>{nowCaption}</figcaption></figure>
      </div>
      <FileButton label="Watch a black-and-white photo of yours as it trains" accept="image/jpeg,image/png,image/webp" secondary onFiles={([f]) => onFile(f!)}>
        {own ? 'Watch another photo' : 'Watch a black-and-white photo of yours'}
      </FileButton>
    </section>
  );
}
